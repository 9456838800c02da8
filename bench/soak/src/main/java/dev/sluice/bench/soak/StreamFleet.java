package dev.sluice.bench.soak;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.stub.ClientCallStreamObserver;
import dev.sluice.stub.ClientCalls;
import dev.sluice.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Long-lived bidi streams on one channel, each kept open for the whole soak and pinged now and
 * then: every stream sends one message and waits for its echo before it may send the next, and
 * a timer pings the streams in turn so that each is pinged about once per {@code pingInterval}.
 * At the end each stream half-closes and must end with OK; every ping must have been answered
 * with its own bytes. Anything else counts as a failure.
 *
 * <p>Thread-safe: pings go out from {@code scheduler}'s thread, answers arrive on the channel's.
 */
final class StreamFleet {

  /** How often the timer wakes to ping the next slice of streams. */
  private static final Duration TICK = Duration.ofMillis(50);

  private final Channel channel;
  private final int size;
  private final Duration pingInterval;
  private final byte[] payload;
  private final ScheduledExecutorService scheduler;
  private final List<Member> members;
  private final CountDownLatch opened;
  private final CountDownLatch ended;
  private final AtomicLong pingsSent = new AtomicLong();
  private final AtomicLong pingsAnswered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private ScheduledFuture<?> pinger;
  private int cursor; // the pinger's thread only
  private double owed; // the pinger's thread only: pings due but not yet sent, as a fraction

  StreamFleet(Channel channel, int size, Duration pingInterval, byte[] payload,
      ScheduledExecutorService scheduler) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.size = size;
    this.pingInterval = Objects.requireNonNull(pingInterval, "pingInterval");
    this.payload = Objects.requireNonNull(payload, "payload");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.members = new ArrayList<>(size);
    this.opened = new CountDownLatch(size);
    this.ended = new CountDownLatch(size);
  }

  /**
   * Opens every stream with a first ping and waits until each has answered it.
   *
   * @return false if some had not answered within {@code timeout}
   */
  boolean open(Duration timeout) throws InterruptedException {
    for (int i = 0; i < size; i++) {
      Member m = new Member();
      members.add(m);
      m.start();
    }
    return opened.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Starts pinging the open streams in turn. */
  void startPinging() {
    long tickNanos = TICK.toNanos();
    double perTick = size * (double) tickNanos / pingInterval.toNanos();
    pinger = scheduler.scheduleAtFixedRate(() -> pingSlice(perTick), tickNanos, tickNanos,
        TimeUnit.NANOSECONDS);
  }

  private void pingSlice(double perTick) {
    owed += perTick;
    while (owed >= 1 && !members.isEmpty()) {
      owed -= 1;
      Member m = members.get(cursor);
      cursor = (cursor + 1) % members.size();
      m.ping(); // a stream still waiting for its last answer skips this turn
    }
  }

  /**
   * Stops pinging, half-closes every stream and waits until each has ended.
   *
   * @return false if some had not ended within {@code timeout}
   */
  boolean close(Duration timeout) throws InterruptedException {
    if (pinger != null) {
      pinger.cancel(false);
    }
    // On the pinger's thread, after its last slice: no ping races the half-close.
    CompletableFuture<Void> closed = new CompletableFuture<>();
    scheduler.execute(() -> {
      for (Member m : members) {
        m.halfClose();
      }
      closed.complete(null);
    });
    closed.join();
    return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  long pingsSent() {
    return pingsSent.get();
  }

  long pingsAnswered() {
    return pingsAnswered.get();
  }

  long failed() {
    return failed.get();
  }

  Throwable firstFailure() {
    return firstFailure.get();
  }

  private void fail(Throwable t) {
    failed.incrementAndGet();
    firstFailure.compareAndSet(null, t);
  }

  /** One stream: at most one ping in flight. */
  private final class Member implements StreamObserver<byte[]> {
    private ClientCallStreamObserver<byte[]> requests;
    private volatile boolean waiting;
    private boolean opened;
    private boolean closed;

    void start() {
      requests = ClientCalls.asyncStreaming(channel, SoakMethods.STREAM, CallOptions.DEFAULT,
          new Metadata(), this);
      ping();
    }

    void ping() {
      if (waiting || closed) {
        return;
      }
      waiting = true;
      pingsSent.incrementAndGet();
      requests.onNext(payload);
    }

    void halfClose() {
      closed = true;
      requests.onCompleted();
    }

    @Override
    public void onNext(byte[] answer) {
      if (!Arrays.equals(answer, payload)) {
        fail(new IllegalStateException("A stream's answer did not carry the ping's bytes back"));
      }
      pingsAnswered.incrementAndGet();
      waiting = false;
      if (!opened) {
        opened = true;
        StreamFleet.this.opened.countDown();
      }
    }

    @Override
    public void onError(Throwable t) {
      fail(t);
      if (!opened) {
        opened = true;
        StreamFleet.this.opened.countDown();
      }
      ended.countDown();
    }

    @Override
    public void onCompleted() {
      if (waiting) {
        fail(new IllegalStateException("A stream ended with its last ping unanswered"));
      }
      ended.countDown();
    }
  }
}
