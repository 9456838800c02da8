package dev.sluice.channel;

import dev.sluice.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The channel's current picker, and the calls waiting for a pick that works (the analog of
 * grpc-java's delayed transport).
 *
 * <p>A call picks with the current picker on its own thread, lock-free (one volatile read).
 * When the pick says wait (queue, a failure for a wait-for-ready call, a subchannel with no
 * connection), it joins the waiting set, unless a new picker came out meanwhile, in which case
 * it picks again. Each new picker is tried on every waiting call, in the synchronization
 * context.
 */
final class PendingCalls {

  private final Object lock = new Object();
  private volatile Picker picker;
  private final Set<ChannelStream> waiting = new LinkedHashSet<>();
  /** Calls waiting out a retry backoff: they pick again later, so shutdown waits for them. */
  private final Set<ChannelStream> sleeping = new LinkedHashSet<>();
  private Status closed;
  private final Runnable onDrained;
  private final Runnable onWaitingWithoutPicker;

  /**
   * @param onDrained runs (in some thread) each time the waiting set becomes empty
   * @param onWaitingWithoutPicker runs when a call starts waiting while there is no picker (the
   *     channel is idle: it must leave idle mode); never under a lock
   */
  PendingCalls(Runnable onDrained, Runnable onWaitingWithoutPicker) {
    this.onDrained = onDrained;
    this.onWaitingWithoutPicker = onWaitingWithoutPicker;
  }

  /** Picks for {@code s} and starts it, or parks it until a picker works for it. */
  void pickAndBind(ChannelStream s) {
    AttemptTracing.pickStarting(s);
    Status fail;
    while (true) {
      Picker p = picker;
      if (p != null && s.tryPick(p) != ChannelStream.PickOutcome.WAIT) {
        return;
      }
      synchronized (lock) {
        if (closed != null) {
          fail = closed;
          break;
        }
        if (picker != p) {
          continue; // a new picker came out while we picked: try it
        }
        waiting.add(s);
      }
      if (p == null) {
        onWaitingWithoutPicker.run();
      }
      return;
    }
    s.failHere(fail);
  }

  /** Publishes {@code p} (null: no picker, as in idle mode) and tries it on the waiting calls. */
  void publish(Picker p) {
    List<ChannelStream> snapshot;
    synchronized (lock) {
      picker = p;
      if (p == null || waiting.isEmpty()) {
        return;
      }
      snapshot = new ArrayList<>(waiting);
    }
    boolean drained = false;
    for (ChannelStream s : snapshot) {
      s.clearExclusion();
      if (s.tryPick(p) != ChannelStream.PickOutcome.WAIT) {
        synchronized (lock) {
          drained = waiting.remove(s) && waiting.isEmpty();
        }
      }
    }
    if (drained) {
      onDrained.run();
    }
  }

  /** Forgets {@code s} (it ended while waiting). */
  void remove(ChannelStream s) {
    boolean drained;
    synchronized (lock) {
      drained = waiting.remove(s) && waiting.isEmpty();
    }
    if (drained) {
      onDrained.run();
    }
  }

  /** {@code s} waits out a retry backoff before it picks again. */
  void sleep(ChannelStream s) {
    synchronized (lock) {
      sleeping.add(s);
    }
  }

  /** {@code s} no longer waits out a backoff (it picked again, or ended). */
  void wake(ChannelStream s) {
    boolean drained;
    synchronized (lock) {
      drained = sleeping.remove(s) && sleeping.isEmpty() && waiting.isEmpty();
    }
    if (drained) {
      onDrained.run();
    }
  }

  /**
   * No more waiting: calls that would wait fail with {@code status}, and those waiting now do
   * (those waiting out a retry backoff only when {@code sleepersToo}).
   */
  void close(Status status, boolean sleepersToo) {
    List<ChannelStream> failed;
    synchronized (lock) {
      if (closed == null) {
        closed = status;
      }
      failed = new ArrayList<>(waiting);
      waiting.clear();
      if (sleepersToo) {
        failed.addAll(sleeping); // each one's end wakes it
      }
    }
    for (ChannelStream s : failed) {
      s.failHere(status);
    }
    if (!failed.isEmpty()) {
      onDrained.run();
    }
  }

  /** True when no call waits for a pick, now or after a retry backoff. */
  boolean isEmpty() {
    synchronized (lock) {
      return waiting.isEmpty() && sleeping.isEmpty();
    }
  }

  int size() {
    synchronized (lock) {
      return waiting.size();
    }
  }
}
