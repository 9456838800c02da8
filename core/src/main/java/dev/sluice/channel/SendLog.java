package dev.sluice.channel;

import dev.sluice.Status;
import dev.sluice.channel.StreamAttempt.Resend;
import dev.sluice.channel.StreamAttempt.SendRecord;
import dev.sluice.transport.StreamOpBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * A call's sends, kept in order until the call commits, so that a new attempt can send them
 * again; and the pump that sends them on an attempt. Guarded by the owning {@link
 * ChannelStream}'s lock. Results for the call's batches are returned as actions, to be run once
 * that lock is released.
 */
final class SendLog {

  private List<SendRecord> records = new ArrayList<>(2);
  private long bytes;

  /** Logs the sends of {@code b}; returns the bytes of messages logged so far. */
  long add(StreamOpBatch b) {
    SendRecord r = new SendRecord(b);
    records.add(r);
    if (r.message != null) {
      bytes += r.message.length();
    }
    return bytes;
  }

  /** True once {@link #release()} was called: nothing is kept any more. */
  boolean released() {
    return records == null;
  }

  /** True when every logged send went out on {@code a}. */
  boolean caughtUp(StreamAttempt a) {
    return records != null && a.next == records.size();
  }

  /** Forgets everything (the call committed and caught up, or ended). */
  void release() {
    records = null;
  }

  /**
   * Sends the next records on {@code a}, one message at a time; the first goes in {@code
   * carrier} (a batch of receive ops) when given, which is sent in any case.
   */
  void pump(StreamAttempt a, StreamOpBatch carrier) {
    while (records != null && a.next < records.size()) {
      SendRecord r = records.get(a.next);
      if (r.message != null && a.messageInFlight) {
        break; // one message at a time on a stream
      }
      a.next++;
      StreamOpBatch b = carrier != null ? carrier : new StreamOpBatch();
      carrier = null;
      r.addTo(b, a);
      a.messageInFlight |= r.message != null;
      if (r.firstSentOn == null) {
        r.firstSentOn = a;
        b.onComplete(r);
      } else {
        b.onComplete(new Resend(a, r));
      }
      a.transport.performStreamOp(a.stream, b);
    }
    if (carrier != null && !carrier.isEmpty()) {
      a.transport.performStreamOp(a.stream, carrier);
    }
  }

  /** A retry: failures held for the last attempt no longer count. */
  void forgetHeldFailures() {
    for (SendRecord r : records) {
      r.heldFailure = null;
    }
  }

  /** The call committed: failures held so far go up. */
  void reportHeldFailures(List<Runnable> out) {
    for (int i = 0, n = records.size(); i < n; i++) {
      SendRecord r = records.get(i);
      if (!r.upperDone && r.heldFailure != null && r.upper != null) {
        r.upperDone = true;
        Status f = r.heldFailure;
        out.add(() -> r.upper.done(f));
      }
    }
  }

  /** The call ended with no attempt running: every send not yet answered fails. */
  void failAll(Status status, CallEnd out) {
    if (records == null) {
      return;
    }
    for (SendRecord r : records) {
      if (!r.upperDone && r.upper != null) {
        r.upperDone = true;
        out.add(() -> r.upper.done(status));
      }
    }
    records = null;
  }

  /**
   * The call ended with attempt {@code a}: held failures go up, and sends it never sent fail;
   * sends still in flight on it are answered by the transport.
   */
  void failUnsent(StreamAttempt a, Status status, CallEnd out) {
    if (records == null) {
      return;
    }
    Status unsent = status.isOk()
        ? Status.CANCELLED.withDescription("The call ended before this was sent") : status;
    for (int i = 0; i < records.size(); i++) {
      SendRecord r = records.get(i);
      if (!r.upperDone && r.upper != null && (r.heldFailure != null || i >= a.next)) {
        r.upperDone = true;
        Status f = r.heldFailure != null ? r.heldFailure : unsent;
        out.add(() -> r.upper.done(f));
      }
    }
    records = null;
  }
}
