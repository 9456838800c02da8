package dev.sluice.testing.loopback;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The shared state of one loopback connection: one lock, one callback thread, and the stream
 * rules (delivery, back-pressure, cancellation). A reference transport for testing the kit.
 */
final class LoopbackConnection {

  final Object lock = new Object();
  final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "loopback-callbacks");
    t.setDaemon(true);
    return t;
  });
  LoopbackTransport client;
  LoopbackTransport server;

  void run(Runnable callback) {
    callbacks.execute(callback);
  }

  /** Counts a batch's send ops; runs onComplete once all are done. Guarded by the lock. */
  final class Barrier {
    private final StreamOpBatch.OnComplete onComplete;
    private int left = 1;
    private Status first = Status.OK;

    Barrier(StreamOpBatch.OnComplete onComplete) {
      this.onComplete = onComplete;
    }

    void add() {
      left++;
    }

    void done(Status s) {
      if (!s.isOk() && first.isOk()) {
        first = s;
      }
      if (--left == 0 && onComplete != null) {
        Status result = first;
        run(() -> onComplete.done(result));
      }
    }
  }

  /** Processes one batch. Caller holds the lock. */
  void perform(LoopbackHalf h, StreamOpBatch b) {
    Barrier barrier = new Barrier(b.onComplete());
    if (b.hasRecvInitialMetadata()) {
      h.rim = b.recvInitialMetadataReady();
    }
    if (b.hasRecvMessage()) {
      h.rm = b.recvMessageReady();
    }
    if (b.hasRecvTrailingMetadata()) {
      h.rtm = b.recvTrailingMetadataReady();
    }
    if (b.hasCancel()) {
      cancel(h, b.cancelStatus(), h.client ? Status.CANCELLED : b.cancelStatus());
    }
    if (b.hasSendInitialMetadata()) {
      if (h.cancelled != null) {
        barrier.done(h.cancelled);
      } else {
        h.stats.recordSent(0, 0, 0);
        h.peer.inHeaders = new Metadata(b.sendInitialMetadata());
        pump(h.peer);
      }
    }
    if (b.hasSendMessage()) {
      sendMessage(h, b.sendMessage(), barrier);
    }
    if (b.hasSendTrailingMetadata()) {
      if (h.cancelled != null) {
        barrier.done(h.cancelled);
      } else if (!h.sentClose) {
        h.sentClose = true;
        LoopbackHalf p = h.peer;
        if (!p.inEnded) {
          p.inEnded = true;
          if (!h.client) {
            p.inTrailers = new Metadata(b.sendTrailingMetadata());
            p.inStatus = b.sendStatus();
          }
        }
        pump(p);
      }
    }
    pump(h);
    barrier.done(Status.OK);
  }

  private void sendMessage(LoopbackHalf h, Message m, Barrier barrier) {
    if (h.cancelled != null) {
      m.release();
      barrier.done(h.cancelled);
      return;
    }
    LoopbackHalf p = h.peer;
    if (p.inEnded && h.client || p.cancelled != null || h.sentClose) {
      m.release(); // the peer finished: succeeds without effect
      barrier.done(Status.OK);
      return;
    }
    barrier.add();
    Message copy = m.canPassByReference() ? m : Message.ofBytes(m.toByteArray().clone());
    h.stats.recordMessageSent();
    h.stats.recordSent(0, copy.length(), 0);
    p.inMessages.add(copy);
    if (p.inMessages.size() <= LoopbackHalf.WINDOW) {
      barrier.done(Status.OK);
    } else {
      h.pendingSend = barrier::done;
    }
    pump(p);
  }

  /** Local cancel of {@code h} with {@code own}; the peer sees {@code forPeer}. */
  void cancel(LoopbackHalf h, Status own, Status forPeer) {
    if (h.cancelled != null || h.finished()) {
      return;
    }
    h.cancelled = own;
    failPending(h, own);
    LoopbackHalf p = h.peer;
    if (p != null && p.cancelled == null && !p.finished()) {
      p.cancelled = forPeer;
      failPending(p, forPeer);
    }
  }

  private void failPending(LoopbackHalf h, Status s) {
    for (Message m : h.inMessages) {
      m.release();
    }
    h.inMessages.clear();
    if (h.pendingSend != null) {
      Consumer<Status> r = h.pendingSend;
      h.pendingSend = null;
      r.accept(s); // a send still held back fails with the cancel
    }
    pump(h);
  }

  /** Completes whatever recv ops of {@code h} can complete now. */
  void pump(LoopbackHalf h) {
    if (h.destroyed) {
      return;
    }
    if (h.rim != null) {
      if (h.inHeaders != null || h.inEnded || h.cancelled != null) {
        StreamOpBatch.InitialMetadataReady cb = h.rim;
        Metadata md = h.cancelled == null ? h.inHeaders : null;
        h.rim = null;
        h.rimDone = true;
        run(() -> cb.ready(md));
      }
    }
    if (h.rm != null) {
      StreamOpBatch.MessageReady cb = h.rm;
      if (h.cancelled != null) {
        h.rm = null;
        run(() -> cb.ready(null));
      } else if (h.inHeaders != null && !h.inMessages.isEmpty()) {
        Message m = h.inMessages.poll();
        h.rm = null;
        h.stats.recordMessageReceived();
        h.stats.recordReceived(0, m.length(), 0);
        run(() -> cb.ready(m));
        LoopbackHalf p = h.peer;
        if (p.pendingSend != null && h.inMessages.size() <= LoopbackHalf.WINDOW) {
          Consumer<Status> r = p.pendingSend;
          p.pendingSend = null;
          r.accept(Status.OK);
        }
      } else if (h.inEnded && h.inMessages.isEmpty()) {
        h.rm = null;
        run(() -> cb.ready(null));
      }
    }
    if (h.rtm != null) {
      StreamOpBatch.TrailingMetadataReady cb = h.rtm;
      if (h.cancelled != null) {
        Status s = h.cancelled;
        h.rtm = null;
        h.rtmDone = true;
        run(() -> cb.ready(new Metadata(), s));
      } else if (h.client && h.inEnded && h.inMessages.isEmpty() && h.inStatus != null) {
        Metadata md = h.inTrailers;
        Status s = h.inStatus;
        h.rtm = null;
        h.rtmDone = true;
        run(() -> cb.ready(md, s));
      } else if (!h.client && h.sentClose) {
        h.rtm = null;
        h.rtmDone = true;
        run(() -> cb.ready(new Metadata(), Status.OK));
      }
    }
    if (h.finished()) {
      h.transport.maybeTerminate();
    }
  }
}
