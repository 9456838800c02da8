package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Deadline;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.Status;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Client calls in the shapes applications use: blocking, {@code CompletableFuture}, and
 * {@link StreamObserver} streams. Generated stubs call these; so can hand-written code.
 *
 * <p>Every call made here inherits the {@linkplain CallContext#current() current context}: when
 * the thread is serving a server call, the new call's deadline is the earlier of its own and
 * the server call's, and the new call is cancelled when the server call ends.
 */
public final class ClientCalls {

  private ClientCalls() {}

  /**
   * A new call of {@code method} that inherits the current {@link CallContext} (see the class
   * comment). The building block of everything else here.
   *
   * @param channel where the call goes
   * @param method the method to call
   * @param options the call's options; the current context's deadline applies when it is earlier
   * @return a call not yet started: start batches on it or hand it to the other methods here
   */
  public static Call newCall(Channel channel, MethodDescriptor<?, ?> method, CallOptions options) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(options, "options");
    CallContext ctx = CallContext.current();
    Deadline inherited = ctx.deadline();
    if (inherited != null) {
      Deadline own = options.deadline();
      options = options.withDeadline(own == null ? inherited : own.minimum(inherited));
    }
    Call call = channel.newCall(method, options);
    if (!ctx.values().isEmpty()) {
      call.values().putAll(ctx.values()); // before any batch: client interceptors see them
    }
    if (ctx != CallContext.ROOT) {
      Runnable unregister = ctx.onCancel(why -> call.cancel(Status.CANCELLED
          .withDescription("The server call this call was made for ended: " + why.code())
          .withCause(why.asException())));
      call.whenDone().thenRun(unregister);
    }
    return call;
  }

  // ---- unary ----

  /**
   * Sends {@code request} and waits for the reply; throws {@link dev.sluice.StatusException}.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param channel where the call goes
   * @param method the unary method to call
   * @param options the call's options, such as its deadline
   * @param request the one request
   * @return the server's one response
   */
  public static <Req, Resp> Resp blockingUnary(
      Channel channel, MethodDescriptor<Req, Resp> method, CallOptions options, Req request) {
    return blockingUnary(channel, method, options, new Metadata(), request);
  }

  /**
   * As above, sending {@code headers} as the request's metadata.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param channel where the call goes
   * @param method the unary method to call
   * @param options the call's options, such as its deadline
   * @param headers metadata to send with the request
   * @param request the one request
   * @return the server's one response
   */
  public static <Req, Resp> Resp blockingUnary(Channel channel, MethodDescriptor<Req, Resp> method,
      CallOptions options, Metadata headers, Req request) {
    Call call = newCall(channel, method, options);
    Batches.Done done = Batches.await(call, unaryBatch(headers, request));
    return replyOf(done.batch());
  }

  /**
   * Sends {@code request}; the future completes with the reply, or exceptionally with a
   * {@link dev.sluice.StatusException}. Cancelling the future cancels the call. The future
   * completes on the channel's {@linkplain Channel#callbackExecutor() callback executor}, by
   * default a transport thread, where dependent stages must not block.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param channel where the call goes
   * @param method the unary method to call
   * @param options the call's options, such as its deadline
   * @param request the one request
   * @return the future of the server's one response
   */
  public static <Req, Resp> CompletableFuture<Resp> futureUnary(
      Channel channel, MethodDescriptor<Req, Resp> method, CallOptions options, Req request) {
    return futureUnary(channel, method, options, new Metadata(), request);
  }

  /**
   * As above, sending {@code headers} as the request's metadata.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param channel where the call goes
   * @param method the unary method to call
   * @param options the call's options, such as its deadline
   * @param headers metadata to send with the request
   * @param request the one request
   * @return the future of the server's one response
   */
  public static <Req, Resp> CompletableFuture<Resp> futureUnary(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options, Metadata headers, Req request) {
    Call call = newCall(channel, method, options);
    UnaryReply<Resp> reply = new UnaryReply<>(call);
    Executor executor = channel.callbackExecutor();
    // The batch's completion fills the future directly: no intermediate future per call.
    call.startBatch(unaryBatch(headers, request), executor == null
        ? (b, ok) -> reply.fill(b)
        : (b, ok) -> executor.execute(() -> reply.fill(b)));
    return reply;
  }

  /** A unary call's future: cancelling it cancels the call. */
  private static final class UnaryReply<Resp> extends CompletableFuture<Resp> {
    private final Call call;

    UnaryReply(Call call) {
      this.call = call;
    }

    /** Completes with the reply of the finished batch {@code b}, or its failure. */
    void fill(Batch b) {
      try {
        complete(ClientCalls.<Resp>replyOf(b));
      } catch (RuntimeException e) {
        completeExceptionally(e);
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        call.cancel("The caller cancelled the future");
      }
      return cancelled;
    }

    @Override
    public boolean completeExceptionally(Throwable t) {
      boolean completed = super.completeExceptionally(t);
      if (completed && t instanceof CancellationException) {
        call.cancel("The caller cancelled the future");
      }
      return completed;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      // Dependent stages are plain futures: cancelling one of them is not cancelling the call.
      return new CompletableFuture<>();
    }
  }

  /**
   * Unary with the reply (or the error) delivered to {@code responses}.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param channel where the call goes
   * @param method the unary method to call
   * @param options the call's options, such as its deadline
   * @param headers metadata to send with the request
   * @param request the one request
   * @param responses gets the one response and {@code onCompleted}, or {@code onError}
   */
  public static <Req, Resp> void asyncUnary(Channel channel, MethodDescriptor<Req, Resp> method,
      CallOptions options, Metadata headers, Req request, StreamObserver<Resp> responses) {
    Objects.requireNonNull(responses, "responses");
    futureUnary(channel, method, options, headers, request).whenComplete((reply, t) -> {
      if (t != null) {
        responses.onError(t);
      } else {
        responses.onNext(reply);
        responses.onCompleted();
      }
    });
  }

  private static Batch unaryBatch(Metadata headers, Object request) {
    Objects.requireNonNull(request, "request");
    return new Batch().sendInitialMetadata(headers).sendMessage(request).sendCloseFromClient()
        .recvMessage().recvStatusOnClient();
  }

  /** The reply of a finished unary batch, or the call's failure as an exception. */
  private static <Resp> Resp replyOf(Batch b) {
    Status status = b.status();
    if (status == null) {
      // The batch was rejected before it could run: report why.
      Status why = b.error() != null ? b.error() : Status.INTERNAL.withDescription("Batch failed");
      throw why.asException();
    }
    if (!status.isOk()) {
      throw status.asException(b.trailers());
    }
    Resp reply = b.message();
    if (reply == null) {
      throw Status.INTERNAL.withDescription("The server ended a unary call with OK but no reply")
          .asException(b.trailers());
    }
    return reply;
  }

  // ---- blocking streams ----

  /**
   * Opens a blocking streaming call (any of the four method types).
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param channel where the call goes
   * @param method the method to call
   * @param options the call's options, such as its deadline
   * @return the open call, to write requests to and read responses from
   */
  public static <Req, Resp> BlockingClientCall<Req, Resp> blockingCall(
      Channel channel, MethodDescriptor<Req, Resp> method, CallOptions options) {
    return blockingCall(channel, method, options, new Metadata());
  }

  /**
   * As above, sending {@code headers} as the request's metadata.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param channel where the call goes
   * @param method the method to call
   * @param options the call's options, such as its deadline
   * @param headers metadata to send with the first request
   * @return the open call, to write requests to and read responses from
   */
  public static <Req, Resp> BlockingClientCall<Req, Resp> blockingCall(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options, Metadata headers) {
    return new BlockingClientCall<>(newCall(channel, method, options), headers);
  }

  /**
   * A server-streaming call with its one request already sent and the request side closed:
   * {@link BlockingClientCall#read()} the responses, then {@link BlockingClientCall#finish()}.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param channel where the call goes
   * @param method the server-streaming method to call
   * @param options the call's options, such as its deadline
   * @param headers metadata to send with the request
   * @param request the one request
   * @return the open call, to read responses from
   */
  public static <Req, Resp> BlockingClientCall<Req, Resp> blockingServerStreaming(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options, Metadata headers, Req request) {
    BlockingClientCall<Req, Resp> call = blockingCall(channel, method, options, headers);
    if (call.write(request)) {
      call.writesDone();
    }
    return call;
  }

  // ---- observer streams ----

  /**
   * A server-streaming call: {@code request} is sent, responses go to {@code responses}. The
   * returned request side serves for flow control ({@code request(n)}) and {@code cancel} only.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param channel where the call goes
   * @param method the server-streaming method to call
   * @param options the call's options, such as its deadline
   * @param headers metadata to send with the request
   * @param request the one request
   * @param responses gets each response, then {@code onCompleted} or {@code onError}
   * @return the call's request side, for flow control and cancelling
   */
  public static <Req, Resp> ClientCallStreamObserver<Req> asyncServerStreaming(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options, Metadata headers, Req request,
      StreamObserver<Resp> responses) {
    AsyncClientCall<Req, Resp> call = AsyncClientCall.start(
        newCall(channel, method, options), headers, responses, channel.callbackExecutor());
    call.onNext(request);
    call.onCompleted();
    return call;
  }

  /**
   * A client-streaming or bidi call: write requests to the returned observer, responses go to
   * {@code responses}.
   *
   * @param <Req> the request type
   * @param <Resp> the response type
   * @param channel where the call goes
   * @param method the client-streaming or bidi method to call
   * @param options the call's options, such as its deadline
   * @param headers metadata to send before the first request
   * @param responses gets each response, then {@code onCompleted} or {@code onError}
   * @return where to write the requests; {@code onCompleted} on it half-closes the call
   */
  public static <Req, Resp> ClientCallStreamObserver<Req> asyncStreaming(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options, Metadata headers,
      StreamObserver<Resp> responses) {
    return AsyncClientCall.start(newCall(channel, method, options), headers, responses,
        channel.callbackExecutor());
  }
}
