package dev.sluice.testing;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.transport.ServerListener;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that answers with its own name, for channel tests with several backends: {@link
 * #WHO} answers at once, {@link #HOLD} answers once the test {@linkplain #release releases} it.
 * It counts the calls it answered. Plus the client side: unary calls through a {@link Channel}.
 */
public final class NamedBackend implements AutoCloseable {

  /** Answers the backend's name. */
  public static final MethodDescriptor<String, String> WHO = method("Who");
  /** Answers the backend's name once released; {@link #awaitHeld} sees the calls waiting. */
  public static final MethodDescriptor<String, String> HOLD = method("Hold");
  /** Answers the {@code :authority} the call arrived with. */
  public static final MethodDescriptor<String, String> AUTHORITY = method("Authority");

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A call's outcome: its status and the reply (null when there was none). */
  public record Reply(Status status, String message) {
    /** {@return whether the call ended with OK} */
    public boolean ok() {
      return status.isOk();
    }
  }

  private final String name;
  private final Server server;
  private final AtomicInteger calls = new AtomicInteger();
  private final Semaphore held = new Semaphore(0);
  private final CountDownLatch release = new CountDownLatch(1);

  private NamedBackend(String name, ServerListener listener) throws IOException {
    this.name = name;
    this.server = Server.builder().listener(listener)
        .addMethod(WHO, call -> answer(call, name))
        .addMethod(AUTHORITY, call -> answer(call, String.valueOf(call.authority())))
        .addMethod(HOLD, call -> {
          held.release();
          release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
          answer(call, name);
        })
        .build()
        .start();
  }

  /**
   * Starts a backend named {@code name} on {@code listener}.
   *
   * @param name what {@link #WHO} and {@link #HOLD} answer
   * @param listener where the backend listens
   * @return the started backend
   * @throws IOException if the listener cannot start
   */
  public static NamedBackend start(String name, ServerListener listener) throws IOException {
    return new NamedBackend(name, listener);
  }

  private static MethodDescriptor<String, String> method(String m) {
    return MethodDescriptor.create("sluice.test.Backend/" + m, MethodType.UNARY,
        Marshallers.IMMUTABLE_STRINGS, Marshallers.IMMUTABLE_STRINGS);
  }

  private void answer(Call call, String reply) throws InterruptedException {
    CompletableFuture<Boolean> in = new CompletableFuture<>();
    call.startBatch(new Batch().recvMessage(), (b, ok) -> in.complete(ok));
    try {
      in.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      return;
    }
    calls.incrementAndGet();
    CompletableFuture<Boolean> out = new CompletableFuture<>();
    call.startBatch(new Batch().sendInitialMetadata(new Metadata()).sendMessage(reply)
        .sendStatusFromServer(Status.OK, new Metadata()), (b, ok) -> out.complete(ok));
    try {
      out.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      // the call ended meanwhile; the client sees why
    }
  }

  /** {@return the name the backend answers with} */
  public String name() {
    return name;
  }

  /** {@return calls answered so far} */
  public int calls() {
    return calls.get();
  }

  /** Forgets the calls counted so far. */
  public void resetCalls() {
    calls.set(0);
  }

  /**
   * Waits until {@code n} HOLD calls are waiting here; false after the timeout.
   *
   * @param n how many calls to wait for
   * @param timeout how long to wait at most
   * @return whether {@code n} calls were held in time
   * @throws InterruptedException if the test thread is interrupted while it waits
   */
  public boolean awaitHeld(int n, Duration timeout) throws InterruptedException {
    if (!held.tryAcquire(n, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    held.release(n);
    return true;
  }

  /** Lets every HOLD call, now and later, answer. */
  public void release() {
    release.countDown();
  }

  /** {@return the server, to shut it down or read its addresses} */
  public Server server() {
    return server;
  }

  /**
   * Graceful shutdown, waiting for termination.
   *
   * @throws InterruptedException if the test thread is interrupted while it waits
   */
  public void stop() throws InterruptedException {
    server.shutdown();
    server.awaitTermination(WAIT);
  }

  /**
   * Ends everything now, as a crash would: every connection is closed and calls in flight end
   * (HOLD calls are released only afterwards, so they cannot answer first).
   *
   * @throws InterruptedException if the test thread is interrupted while it waits
   */
  public void kill() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(WAIT);
    release();
  }

  @Override
  public void close() throws InterruptedException {
    release();
    server.shutdownNow();
    server.awaitTermination(WAIT);
  }

  // ---------------------------------------------------------------- the client side

  /**
   * Starts a unary call; the future completes with its outcome.
   *
   * @param channel the channel under test
   * @param m one of this class's methods
   * @param options the call's options
   * @return a future of the call's status and reply; it never completes exceptionally
   */
  public static CompletableFuture<Reply> call(Channel channel, MethodDescriptor<String, String> m,
      CallOptions options) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    Call call = channel.newCall(m, options);
    Batch b = new Batch().sendInitialMetadata(new Metadata()).sendMessage("hi")
        .sendCloseFromClient().recvMessage().recvStatusOnClient();
    call.startBatch(b, (batch, ok) -> reply.complete(new Reply(batch.status(),
        (String) batch.message())));
    return reply;
  }

  /**
   * A WHO call, waited for.
   *
   * @param channel the channel under test
   * @param options the call's options
   * @return the call's status and the name of the backend that answered
   * @throws Exception if the call did not end within 30 seconds
   */
  public static Reply who(Channel channel, CallOptions options) throws Exception {
    return call(channel, WHO, options).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * A WHO call with default options, waited for.
   *
   * @param channel the channel under test
   * @return the call's status and the name of the backend that answered
   * @throws Exception if the call did not end within 30 seconds
   */
  public static Reply who(Channel channel) throws Exception {
    return who(channel, CallOptions.DEFAULT);
  }
}
