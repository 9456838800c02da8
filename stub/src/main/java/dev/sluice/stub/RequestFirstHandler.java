package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Server;
import dev.sluice.ServerCallHandler;
import dev.sluice.Status;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The blocking handler of a method with one request (unary, server streaming), started without
 * a thread hop: on the transport thread that received the request headers it asks for the
 * request, and only once the request is there does it hand the handler to the server's
 * executor. The handler never parks waiting for its request, which saves two thread hand-offs
 * per call (to the transport thread with the receive and back with the message) against
 * starting on the executor and reading there.
 */
final class RequestFirstHandler<Req> implements ServerCallHandler {

  /** The handler's body, given the request; returns the one response to send, or null. */
  @FunctionalInterface
  interface Body<Req> {
    Object run(Req request, BlockingServerStream<?, ?> stream, ServerContext context)
        throws Exception;
  }

  private final Body<Req> body;

  RequestFirstHandler(Body<Req> body) {
    this.body = Objects.requireNonNull(body, "body");
  }

  @Override
  public boolean startsOnTransportThread() {
    return true;
  }

  @Override
  public void startCall(Call call) {
    Executor executor = Server.handlerExecutor();
    if (executor == null) {
      // Started by other code than a Server (on a thread that may block): read right here.
      ServerCalls.serveBlocking(call, (stream, ctx) ->
          body.run(requestOrFail(BlockingServerStream.<Req, Object>of(stream).read()), stream,
              ctx));
      return;
    }
    call.startBatch(new Batch().recvMessage(), (b, ok) -> {
      Req request = b.message();
      if (request == null) {
        // No request (the client half-closed without one, or the call ended): nothing can
        // block, so the status goes from here; it is rejected harmlessly if the call is over.
        ServerCalls.serveBlocking(call, (stream, ctx) -> requestOrFail(null));
        return;
      }
      try {
        executor.execute(
            () -> ServerCalls.serveBlocking(call, (stream, ctx) -> body.run(request, stream, ctx)));
      } catch (RejectedExecutionException e) {
        call.cancel(Status.UNAVAILABLE.withDescription("Server is shutting down").withCause(e));
      }
    });
  }

  private static <T> T requestOrFail(T request) throws Exception {
    if (request == null) {
      throw Status.INTERNAL.withDescription("The client sent no request").asException();
    }
    return request;
  }
}
