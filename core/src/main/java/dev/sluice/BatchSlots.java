package dev.sluice;

/**
 * The op slots of one {@link Call}: at most one send message and one receive message in flight,
 * and initial metadata, the final send (half-close or status) and the final receive once each;
 * plus the rules of each side (a client sends no status, a server does not half-close). {@link
 * #check} says why a batch may not start, in words for {@link Batch#error()}. Apart from the call
 * so that these rules read in one place. Not thread-safe: the call guards it with its lock.
 */
final class BatchSlots {

  private final boolean client;
  private boolean sentInitialMetadata;
  private boolean sendingMessage;
  private boolean sentFinal;
  private boolean recvInitialRequested;
  private boolean receivingMessage;
  private boolean recvFinalRequested;

  BatchSlots(boolean client) {
    this.client = client;
  }

  /** {@return true once initial metadata was sent, or taken by a batch that sends it} */
  boolean sentInitialMetadata() {
    return sentInitialMetadata;
  }

  /** Why {@code b} may not start now, or null. */
  String check(Batch b) {
    if (b.isEmpty()) {
      return "The batch holds no operation";
    }
    if (client && b.sendStatus != null) {
      return "A client cannot send a status: use sendCloseFromClient";
    }
    if (!client && b.sendClose) {
      return "A server cannot half-close: end the call with sendStatusFromServer";
    }
    if (client && b.recvClose) {
      return "recvCloseOnServer is for server calls: use recvStatusOnClient";
    }
    if (!client && b.recvStatus) {
      return "recvStatusOnClient is for client calls: use recvCloseOnServer";
    }
    if (b.sendInitialMetadata != null && sentInitialMetadata) {
      return "Initial metadata was already sent on this call";
    }
    if ((b.sendMessage != null || b.sendInitialMetadata != null) && sentFinal) {
      return "Cannot send after the call's final send (half-close or status)";
    }
    if (b.sendMessage != null && sendingMessage) {
      return "A message is already being sent: wait for its batch to complete";
    }
    if ((b.sendClose || b.sendStatus != null) && sentFinal) {
      return "The call's final send (half-close or status) was already made";
    }
    if (b.recvInitialMetadata && recvInitialRequested) {
      return "Initial metadata was already received or requested on this call";
    }
    if (b.recvMessage && receivingMessage) {
      return "A message is already being received: wait for its batch to complete";
    }
    if ((b.recvStatus || b.recvClose) && recvFinalRequested) {
      return "The call's final status was already requested";
    }
    return null;
  }

  /**
   * Marks the op slots {@code b} takes; {@code implicitHeaders}: its message sends the call's
   * empty initial metadata first.
   */
  void claim(Batch b, boolean implicitHeaders) {
    sentInitialMetadata |= b.sendInitialMetadata != null || implicitHeaders;
    sendingMessage |= b.sendMessage != null;
    sentFinal |= b.sendClose || b.sendStatus != null;
    recvInitialRequested |= b.recvInitialMetadata;
    receivingMessage |= b.recvMessage;
    recvFinalRequested |= b.recvStatus || b.recvClose;
  }

  /** The message in flight was sent: another may be. */
  void messageSent() {
    sendingMessage = false;
  }

  /** The receive in flight got its message (or learnt none will come): another may start. */
  void messageReceived() {
    receivingMessage = false;
  }
}
