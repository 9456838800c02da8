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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server for retry tests. It fails the first {@link #failNext} calls it gets with a chosen
 * status and trailers (a pushback, say), then answers; it records, per call, the {@code
 * grpc-previous-rpc-attempts} header and the messages it received. Methods: {@link #UNARY}
 * answers the request; {@link #COLLECT} (client streaming) answers every request message joined
 * with '+'; {@link #HEADERS_FIRST} sends response headers before it fails (a committed call).
 */
public final class RetryBackend implements AutoCloseable {

  /** Answers its one request with the request itself. */
  public static final MethodDescriptor<String, String> UNARY = method("Unary", MethodType.UNARY);
  /** Client streaming: answers every request message joined with '+'. */
  public static final MethodDescriptor<String, String> COLLECT =
      method("Collect", MethodType.CLIENT_STREAMING);
  /**
   * Sends response headers, then fails as {@link #failNext} says: a call the client has committed
   * to.
   */
  public static final MethodDescriptor<String, String> HEADERS_FIRST =
      method("HeadersFirst", MethodType.UNARY);
  /** Stalls (until cancelled) as many calls as {@link #stallNext} says, then answers. */
  public static final MethodDescriptor<String, String> STALL =
      method("Stall", MethodType.UNARY);
  /** The service of the methods, for service configs. */
  public static final String SERVICE = "sluice.test.Retry";

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** What one call that reached the server looked like. */
  public record Seen(String method, String previousAttempts, List<String> messages) {}

  private final Server server;
  private final AtomicInteger toFail = new AtomicInteger();
  private volatile Status failure = Status.UNAVAILABLE.withDescription("planned failure");
  private volatile Metadata failureTrailers = new Metadata();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger toStall = new AtomicInteger();
  private final AtomicInteger cancelled = new AtomicInteger();

  private RetryBackend(ServerListener listener) throws IOException {
    this.server = Server.builder().listener(listener)
        .addMethod(UNARY, call -> serve(call, "Unary", false))
        .addMethod(COLLECT, call -> serve(call, "Collect", false))
        .addMethod(HEADERS_FIRST, call -> serve(call, "HeadersFirst", true))
        .addMethod(STALL, call -> serve(call, "Stall", false))
        .build()
        .start();
  }

  /**
   * Starts a backend on {@code listener}.
   *
   * @param listener where the backend listens
   * @return the started backend
   * @throws IOException if the listener cannot start
   */
  public static RetryBackend start(ServerListener listener) throws IOException {
    return new RetryBackend(listener);
  }

  private static MethodDescriptor<String, String> method(String m, MethodType type) {
    return MethodDescriptor.create(SERVICE + "/" + m, type, Marshallers.IMMUTABLE_STRINGS,
        Marshallers.IMMUTABLE_STRINGS);
  }

  /**
   * The next {@code n} calls fail with {@code status} and {@code trailers}.
   *
   * @param n how many calls fail
   * @param status the status they fail with
   * @param trailers the trailers they send, such as {@code grpc-retry-pushback-ms}
   */
  public void failNext(int n, Status status, Metadata trailers) {
    failure = status;
    failureTrailers = trailers;
    toFail.set(n);
  }

  /**
   * The next {@code n} calls of {@link #STALL} wait until the client cancels them.
   *
   * @param n how many calls stall
   */
  public void stallNext(int n) {
    toStall.set(n);
  }

  /**
   * Stalled calls the client cancelled.
   *
   * @return how many stalled calls the client cancelled
   */
  public int cancelled() {
    return cancelled.get();
  }

  /** {@return every call that reached this server, in order} */
  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void serve(Call call, String name, boolean headersFirst) throws Exception {
    List<String> messages = new ArrayList<>();
    while (true) {
      CompletableFuture<Batch> in = new CompletableFuture<>();
      call.startBatch(new Batch().recvMessage(), (b, ok) -> in.complete(b));
      Batch b = in.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (b.message() == null) {
        break;
      }
      messages.add(b.message());
    }
    seen.add(new Seen(name, call.requestHeaders().get("grpc-previous-rpc-attempts"),
        List.copyOf(messages)));
    if (name.equals("Stall") && toStall.getAndDecrement() > 0) {
      Status end = call.whenDone().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (end.code() == Status.Code.CANCELLED) {
        cancelled.incrementAndGet();
      }
      return;
    }
    Batch out = new Batch();
    if (headersFirst) {
      out.sendInitialMetadata(new Metadata());
    }
    if (toFail.getAndDecrement() > 0) {
      out.sendStatusFromServer(failure, new Metadata().addAll(failureTrailers));
    } else {
      if (!headersFirst) {
        out.sendInitialMetadata(new Metadata());
      }
      out.sendMessage(String.join("+", messages)).sendStatusFromServer(Status.OK, new Metadata());
    }
    CompletableFuture<Boolean> sent = new CompletableFuture<>();
    call.startBatch(out, (batch, ok) -> sent.complete(ok));
    sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(WAIT);
  }

  // ---------------------------------------------------------------- the client side

  /** A call's outcome, with the call (for its attempts). */
  public record Outcome(Status status, String message, Call call) {}

  /**
   * Sends {@code messages} on a new call of {@code m} and half-closes; the future has the end.
   *
   * @param channel the channel under test
   * @param m one of this class's methods
   * @param options the call's options, such as a retry policy's service config
   * @param messages the request messages
   * @return a future of the call's status, reply and the call itself
   */
  public static CompletableFuture<Outcome> call(Channel channel,
      MethodDescriptor<String, String> m, CallOptions options, String... messages) {
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    Call call = channel.newCall(m, options);
    call.startBatch(new Batch().sendInitialMetadata(new Metadata()), (b, ok) -> { });
    for (String msg : messages) {
      CompletableFuture<Boolean> sent = new CompletableFuture<>();
      call.startBatch(new Batch().sendMessage(msg), (b, ok) -> sent.complete(ok));
      try {
        sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        break; // the call ended; its status says why
      }
    }
    call.startBatch(new Batch().sendCloseFromClient().recvMessage().recvStatusOnClient(),
        (b, ok) -> done.complete(new Outcome(b.status(), (String) b.message(), call)));
    return done;
  }

  /**
   * Waits until {@code n} calls reached this server; false after {@code timeout}.
   *
   * @param n how many calls to wait for
   * @param timeout how long to wait at most
   * @return whether {@code n} calls arrived in time
   * @throws InterruptedException if the test thread is interrupted while it waits
   */
  public boolean awaitSeen(int n, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (seen.size() < n) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  /**
   * A unary call of {@link #UNARY}, waited for.
   *
   * @param channel the channel under test
   * @param options the call's options
   * @return the call's status and reply
   * @throws Exception if the call did not end within the backend's wait
   */
  public static Outcome unary(Channel channel, CallOptions options) throws Exception {
    return call(channel, UNARY, options, "hi").get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
