package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.MethodDescriptor;
import dev.sluice.ServerCallHandler;
import dev.sluice.Status;
import dev.sluice.StatusException;
import java.util.Objects;

/**
 * Turns application handlers into {@link ServerCallHandler}s, in two styles.
 *
 * <p><b>Blocking</b> ({@link UnaryMethod} and friends): the handler runs on the server's
 * executor — a virtual thread per call on JDK 21+ — reading and writing with blocking calls.
 * When it returns, the call ends with OK and {@link ServerContext#trailers()}.
 *
 * <p><b>Async</b> ({@link AsyncUnaryMethod} and friends): the handler gets a
 * {@link ServerCallStreamObserver} for responses and, for client streams, returns the observer
 * requests go to; its callbacks run on transport threads, where they must not block, unless
 * the server has a {@linkplain dev.sluice.Server.Builder#callbackExecutor callback executor}.
 *
 * <p>In both styles an exception from the handler ends the call: a
 * {@link dev.sluice.StatusException} with its status and trailers, anything else with UNKNOWN.
 * The {@link CallContext} of the call is current while handler code runs.
 */
public final class ServerCalls {

  private ServerCalls() {}

  /** A blocking unary handler: one request in, one response out. */
  @FunctionalInterface
  public interface UnaryMethod<Req, Resp> {
    /**
     * Handles one call.
     *
     * @param request the client's one request
     * @param context the call's headers, deadline and trailers
     * @return the one response to send, with OK
     * @throws Exception ends the call: a {@link StatusException} with its status, anything else
     *     with UNKNOWN
     */
    Resp invoke(Req request, ServerContext context) throws Exception;
  }

  /** A blocking server-streaming handler: one request in, responses written to the writer. */
  @FunctionalInterface
  public interface ServerStreamingMethod<Req, Resp> {
    /**
     * Handles one call; the call ends with OK when this returns.
     *
     * @param request the client's one request
     * @param responses where to write the responses
     * @throws Exception ends the call: a {@link StatusException} with its status, anything else
     *     with UNKNOWN
     */
    void invoke(Req request, ServerWriter<Resp> responses) throws Exception;
  }

  /** A blocking client-streaming handler: reads requests until null, returns the response. */
  @FunctionalInterface
  public interface ClientStreamingMethod<Req, Resp> {
    /**
     * Handles one call.
     *
     * @param requests where to read the requests from, until it returns null
     * @return the one response to send, with OK
     * @throws Exception ends the call: a {@link StatusException} with its status, anything else
     *     with UNKNOWN
     */
    Resp invoke(ServerReader<Req> requests) throws Exception;
  }

  /** A blocking bidi handler. */
  @FunctionalInterface
  public interface BidiMethod<Req, Resp> {
    /**
     * Handles one call; the call ends with OK when this returns.
     *
     * @param stream where to read the requests and write the responses
     * @throws Exception ends the call: a {@link StatusException} with its status, anything else
     *     with UNKNOWN
     */
    void invoke(ServerReaderWriter<Req, Resp> stream) throws Exception;
  }

  /** An async handler for a unary or server-streaming method. */
  @FunctionalInterface
  public interface AsyncUnaryMethod<Req, Resp> {
    /**
     * Handles one call; returns at once, the call ends when {@code responses} is completed or
     * failed.
     *
     * @param request the client's one request
     * @param responses where to send the responses and the end of the call
     */
    void invoke(Req request, ServerCallStreamObserver<Resp> responses);
  }

  /** An async handler for a client-streaming or bidi method: returns where requests go. */
  @FunctionalInterface
  public interface AsyncStreamingMethod<Req, Resp> {
    /**
     * Handles one call; returns at once, the call ends when {@code responses} is completed or
     * failed.
     *
     * @param responses where to send the responses and the end of the call
     * @return where the client's requests go, then the end of its stream
     */
    StreamObserver<Req> invoke(ServerCallStreamObserver<Resp> responses);
  }

  /**
   * What a generated base class throws for a method the service does not override.
   *
   * @param method the method the client called
   * @return an UNIMPLEMENTED error naming the method
   */
  public static StatusException unimplemented(MethodDescriptor<?, ?> method) {
    return Status.UNIMPLEMENTED.withDescription("Method " + method.fullName() + " is not implemented")
        .asException();
  }

  // ---- blocking ----

  /**
   * A handler that runs {@code method} for each call on the server's handler executor, where it may
   * block. The request is received on the transport thread before the hop, so the handler starts
   * with it in hand instead of parking to wait for it.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param method the application's code for the method
   * @return the handler to register for the method
   */
  public static <Req, Resp> ServerCallHandler unary(UnaryMethod<Req, Resp> method) {
    Objects.requireNonNull(method, "method");
    return new RequestFirstHandler<Req>((request, stream, ctx) -> method.invoke(request, ctx));
  }

  /**
   * A handler that runs {@code method} for each call on the server's handler executor, where it may
   * block.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param method the application's code for the method
   * @return the handler to register for the method
   */
  public static <Req, Resp> ServerCallHandler serverStreaming(
      ServerStreamingMethod<Req, Resp> method) {
    Objects.requireNonNull(method, "method");
    return new RequestFirstHandler<Req>((request, stream, ctx) -> {
      method.invoke(request, BlockingServerStream.<Req, Resp>of(stream));
      return null;
    });
  }

  /**
   * A handler that runs {@code method} for each call on the server's handler executor, where it may
   * block.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param method the application's code for the method
   * @return the handler to register for the method
   */
  public static <Req, Resp> ServerCallHandler clientStreaming(
      ClientStreamingMethod<Req, Resp> method) {
    Objects.requireNonNull(method, "method");
    return call -> serveBlocking(call,
        (stream, ctx) -> method.invoke(BlockingServerStream.<Req, Resp>of(stream)));
  }

  /**
   * A handler that runs {@code method} for each call on the server's handler executor, where it may
   * block.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param method the application's code for the method
   * @return the handler to register for the method
   */
  public static <Req, Resp> ServerCallHandler bidi(BidiMethod<Req, Resp> method) {
    Objects.requireNonNull(method, "method");
    return call -> serveBlocking(call, (stream, ctx) -> {
      method.invoke(BlockingServerStream.<Req, Resp>of(stream));
      return null;
    });
  }

  /** The body of a blocking handler; returns the one response to send with the status, or null. */
  @FunctionalInterface
  interface BlockingBody {
    Object run(BlockingServerStream<?, ?> stream, ServerContext context) throws Exception;
  }

  static void serveBlocking(Call call, BlockingBody body) {
    ServerContext ctx = new ServerContext(call);
    BlockingServerStream<?, ?> stream = new BlockingServerStream<>(call, ctx);
    Batch last;
    try (CallContext.Scope ignored = ctx.callContext().enter()) {
      Object reply = body.run(stream, ctx);
      last = ctx.statusBatch(Status.OK, null);
      if (reply != null) {
        last.sendMessage(reply);
      }
    } catch (Exception | Error t) {
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      last = ctx.statusBatch(HandlerFailure.statusOf(t, call.path()), HandlerFailure.trailersOf(t));
    }
    // Rejected harmlessly when the call was already over; nobody waits on the status going out.
    call.startBatch(last, (b, ok) -> {});
  }

  // ---- async ----

  /**
   * An async unary handler.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param method the application's code for the method
   * @return the handler to register for the method
   */
  public static <Req, Resp> ServerCallHandler asyncUnary(AsyncUnaryMethod<Req, Resp> method) {
    Objects.requireNonNull(method, "method");
    return startingOnTransport(
        call -> AsyncServerCall.<Req, Resp>create(call, true).startSingleRequest(method));
  }

  /**
   * An async server-streaming handler.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param method the application's code for the method
   * @return the handler to register for the method
   */
  public static <Req, Resp> ServerCallHandler asyncServerStreaming(
      AsyncUnaryMethod<Req, Resp> method) {
    Objects.requireNonNull(method, "method");
    return startingOnTransport(
        call -> AsyncServerCall.<Req, Resp>create(call, false).startSingleRequest(method));
  }

  /**
   * {@code start} as a handler the server starts on the transport thread: for the async
   * one-request styles, whose start only asks for the request (the application's code runs when
   * it is there, as every async callback does), so a hop to the executor would buy nothing.
   */
  private static ServerCallHandler startingOnTransport(ServerCallHandler start) {
    return new ServerCallHandler() {
      @Override
      public void startCall(Call call) throws Exception {
        start.startCall(call);
      }

      @Override
      public boolean startsOnTransportThread() {
        return true;
      }
    };
  }

  /**
   * An async client-streaming handler.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param method the application's code for the method
   * @return the handler to register for the method
   */
  public static <Req, Resp> ServerCallHandler asyncClientStreaming(
      AsyncStreamingMethod<Req, Resp> method) {
    Objects.requireNonNull(method, "method");
    return call -> AsyncServerCall.<Req, Resp>create(call, true).startStreaming(method);
  }

  /**
   * An async bidi handler.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param method the application's code for the method
   * @return the handler to register for the method
   */
  public static <Req, Resp> ServerCallHandler asyncBidi(AsyncStreamingMethod<Req, Resp> method) {
    Objects.requireNonNull(method, "method");
    return call -> AsyncServerCall.<Req, Resp>create(call, false).startStreaming(method);
  }
}
