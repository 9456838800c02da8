package dev.sluice.channel;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;

/**
 * One attempt of a call: a real stream on one transport. It is the callback of the receive ops
 * it carries, and hands what arrives to its {@link ChannelStream}, which ignores a stale attempt.
 */
final class StreamAttempt implements StreamOpBatch.InitialMetadataReady,
    StreamOpBatch.MessageReady, StreamOpBatch.TrailingMetadataReady {

  final ChannelStream owner;
  /** What the attempt's ops go through: the picked transport, or its traced view. */
  final Transport transport;
  /** The transport the load balancer picked. */
  final Transport picked;
  final TransportStream stream;
  /** Index in the send log of the next record to send on this attempt. */
  int next;
  /** A record with a message is in flight here: the next message waits for it. */
  boolean messageInFlight;
  /** The peer's stream ended without headers / without a message; held until the end. */
  boolean heldNoHeaders;
  boolean heldNoMessage;
  /** Attempts of the call before this one: its {@code grpc-previous-rpc-attempts}, if not 0. */
  int previousAttempts;

  private StreamAttempt(ChannelStream owner, Transport picked, Transport transport,
      TransportStream stream) {
    this.owner = owner;
    this.picked = picked;
    this.transport = transport;
    this.stream = stream;
  }

  /**
   * A new attempt of {@code owner} on {@code picked}, its stream made; traced when the owner's
   * call has a tracer.
   */
  static StreamAttempt open(ChannelStream owner, Transport picked, CallHead head,
      int previousAttempts) {
    AttemptTracing tracing = owner.tracing;
    Transport runs = tracing == null ? picked : tracing.attemptStarted(picked, previousAttempts);
    StreamAttempt a = new StreamAttempt(owner, picked, runs, picked.initStream(head));
    a.previousAttempts = previousAttempts;
    return a;
  }

  /** The receive ops of the call's batch {@code b}, for this attempt; null when it has none. */
  StreamOpBatch receives(StreamOpBatch b) {
    if (!b.hasRecvInitialMetadata() && !b.hasRecvMessage() && !b.hasRecvTrailingMetadata()) {
      return null;
    }
    StreamOpBatch down = new StreamOpBatch();
    if (b.hasRecvInitialMetadata()) {
      down.recvInitialMetadata(this);
    }
    if (b.hasRecvMessage()) {
      down.recvMessage(this);
    }
    if (b.hasRecvTrailingMetadata()) {
      down.recvTrailingMetadata(this);
    }
    return down;
  }

  @Override
  public void ready(Metadata headers) {
    owner.onHeaders(this, headers);
  }

  @Override
  public void ready(Message message) {
    owner.onMessage(this, message);
  }

  @Override
  public void ready(Metadata trailers, Status status) {
    owner.onTrailers(this, trailers, status);
  }

  /**
   * The sends of one batch the call handed down: kept until the call commits, so another attempt
   * can send them again. It is the completion callback of its first sending.
   */
  static final class SendRecord implements StreamOpBatch.OnComplete {
    final Metadata headers;
    final Message message;
    final int flags;
    final boolean halfClose;
    final StreamOpBatch.OnComplete upper;
    /** The attempt this record itself is the callback of. */
    StreamAttempt firstSentOn;
    boolean upperDone;
    /** A failed send, reported up only if the call is not retried. */
    Status heldFailure;

    SendRecord(StreamOpBatch b) {
      this.headers = b.sendInitialMetadata();
      this.message = b.sendMessage();
      this.flags = b.sendMessageFlags();
      this.halfClose = b.hasSendTrailingMetadata();
      this.upper = b.onComplete();
    }

    /** Copies this record's sends into {@code b}, to be sent on attempt {@code a}. */
    void addTo(StreamOpBatch b, StreamAttempt a) {
      if (headers != null) {
        b.sendInitialMetadata(a.previousAttempts == 0 ? headers : new Metadata(headers).add(
            RetryState.PREVIOUS_ATTEMPTS_KEY, Integer.toString(a.previousAttempts)));
      }
      if (message != null) {
        b.sendMessage(message, flags);
      }
      if (halfClose) {
        b.sendHalfClose();
      }
    }

    @Override
    public void done(Status status) {
      firstSentOn.owner.onSendDone(firstSentOn, this, status);
    }
  }

  /** The completion of a record sent again on a later attempt. */
  static final class Resend implements StreamOpBatch.OnComplete {
    private final StreamAttempt attempt;
    private final SendRecord record;

    Resend(StreamAttempt attempt, SendRecord record) {
      this.attempt = attempt;
      this.record = record;
    }

    @Override
    public void done(Status status) {
      attempt.owner.onSendDone(attempt, record, status);
    }
  }
}
