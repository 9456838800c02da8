package dev.sluice.inproc;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Message;
import java.util.ArrayDeque;

/**
 * One direction of a call: what the sender has handed over and the receiver has not yet taken.
 * Initial metadata, the messages in order, then the end (trailers and, server to client, the
 * status).
 *
 * <h2>Back-pressure</h2>
 *
 * <p>A message is <em>admitted</em> while the queue holds fewer than {@value #MAX_QUEUED_MESSAGES}
 * admitted messages and their known length stays within {@value #MAX_QUEUED_BYTES} bytes; a
 * message is always admitted into an empty queue, so any size makes progress. A message that
 * does not fit still joins the queue tail (the receiver may take it, keeping order), but its send
 * stays pending until it is admitted. Since a stream has at most one send in flight, a pipe holds
 * at most the budget plus one message.
 *
 * <p>Loop only. The pipe owns queued messages until it hands them to the receiver; it releases
 * whatever it drops.
 */
final class MessagePipe {

  static final long MAX_QUEUED_BYTES = 64 * 1024;
  static final int MAX_QUEUED_MESSAGES = 8;

  /** A queued message with the length it counts for (0 when unknown without serializing). */
  record Entry(Message message, int length) {}

  // Small to start: a unary call holds one message at a time; it grows up to the bound.
  private final ArrayDeque<Entry> queue = new ArrayDeque<>(3);
  private long admittedBytes;
  private int admittedCount;
  private boolean tailBlocked;
  private Metadata headers;
  private Metadata trailers;
  private Status status;
  private boolean ended;
  private boolean closed;

  /** The sender's initial metadata (already a copy), or null while none was sent. */
  Metadata headers() {
    return headers;
  }

  void setHeaders(Metadata copy) {
    if (!closed) {
      headers = copy;
    }
  }

  /** Ends the direction; {@code status} is null for a client half-close. */
  void end(Metadata trailersCopy, Status finalStatus) {
    if (!closed) {
      trailers = trailersCopy;
      status = finalStatus;
      ended = true;
    }
  }

  boolean ended() {
    return ended;
  }

  Metadata trailers() {
    return trailers;
  }

  Status status() {
    return status;
  }

  /** True once the receiver stopped listening: everything sent from now on is dropped. */
  boolean isClosed() {
    return closed;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /**
   * Appends a message. Returns true when it was admitted (its send may complete), false when the
   * sender must wait for {@link #admitBlockedTail}.
   */
  boolean offer(Message message, int length) {
    queue.add(new Entry(message, length));
    if (fits(length)) {
      admittedBytes += length;
      admittedCount++;
      return true;
    }
    tailBlocked = true;
    return false;
  }

  /** Removes the oldest message; the caller then owns it. */
  Entry poll() {
    Entry e = queue.poll();
    if (e == null) {
      return null;
    }
    if (tailBlocked && queue.isEmpty()) {
      // The receiver took the waiting message itself: it is no longer in the budget at all.
      tailBlocked = false;
    } else {
      admittedBytes -= e.length();
      admittedCount--;
    }
    return e;
  }

  /** After a poll: admits the waiting tail if it fits now; true when its sender may go on. */
  boolean admitBlockedTail() {
    if (!tailBlocked) {
      return false;
    }
    int length = queue.peekLast().length();
    if (!fits(length)) {
      return false;
    }
    admittedBytes += length;
    admittedCount++;
    tailBlocked = false;
    return true;
  }

  /** True while the queue tail waits for admission. */
  boolean hasBlockedTail() {
    return tailBlocked;
  }

  /** Counts the waiting tail as admitted anyway (its sender went away; it may still be read). */
  void forgetBlockedTail() {
    if (tailBlocked) {
      admittedBytes += queue.peekLast().length();
      admittedCount++;
      tailBlocked = false;
    }
  }

  /** The receiver will never read again: drops and releases every queued message. */
  void close() {
    closed = true;
    Entry e;
    while ((e = queue.poll()) != null) {
      e.message().release();
    }
    admittedBytes = 0;
    admittedCount = 0;
    tailBlocked = false;
  }

  private boolean fits(int length) {
    return admittedCount == 0
        || (admittedCount < MAX_QUEUED_MESSAGES && admittedBytes + length <= MAX_QUEUED_BYTES);
  }
}
