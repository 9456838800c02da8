package dev.sluice.grpcjava;

import dev.sluice.Call;
import dev.sluice.Status;
import dev.sluice.telemetry.TelemetryScope;
import dev.sluice.transport.SerializingExecutor;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerStreamTracer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Runs one grpc-java server call on a Sluice server call: starts the application's handler in a
 * new {@link Context} (which carries the client's deadline and is cancelled when the call is),
 * and delivers the listener callbacks one at a time on the server's executor, in that context,
 * in grpc-java's order: messages, half-close, then {@code onComplete} or {@code onCancel}. The
 * handler's start and every callback also run inside the call's telemetry scope ({@link
 * Call#enterTelemetry()}: the server span, with traces), so the application's spans nest under it.
 */
final class ServerCallDriver<ReqT, RespT> {

  private static final Logger log = System.getLogger("dev.sluice.grpcjava");

  private final Call call;
  private final ServerMethodDefinition<ReqT, RespT> definition;
  private final SerializingExecutor callbacks;
  private final List<ServerStreamTracer> tracers;
  private final Metadata headers;
  private final Context.CancellableContext context;
  private final SluiceServerCall<ReqT, RespT> serverCall;

  // Touched only by callbacks, which run one at a time.
  private ServerCall.Listener<ReqT> listener;
  private int inboundCount;
  private volatile boolean over;
  private int outboundCount;

  private ServerCallDriver(Call call, ServerMethodDefinition<ReqT, RespT> definition,
      Executor executor, List<ServerStreamTracer.Factory> tracerFactories) {
    this.call = call;
    this.definition = definition;
    this.callbacks = new SerializingExecutor(executor);
    this.headers = MetadataBridge.toGrpc(call.requestHeaders());
    if (call.deadline() != null) {
      // grpc-java's servers see the timeout among the request headers; Sluice takes it out
      // into the deadline, so it goes back in as what is left of it.
      headers.put(MetadataBridge.asciiKey("grpc-timeout"), call.deadline().toGrpcTimeout());
    }
    String fullName = definition.getMethodDescriptor().getFullMethodName();
    List<ServerStreamTracer> made = new ArrayList<>(tracerFactories.size());
    Context ctx = Context.ROOT;
    for (ServerStreamTracer.Factory f : tracerFactories) {
      ServerStreamTracer t = f.newServerStreamTracer(fullName, headers);
      made.add(t);
      ctx = t.filterContext(ctx);
    }
    this.tracers = made;
    io.grpc.Deadline deadline = DeadlineBridge.toGrpc(call.deadline());
    this.context = deadline != null
        ? ctx.withDeadline(deadline, DefaultExecutor.timer()) : ctx.withCancellation();
    this.serverCall = new SluiceServerCall<>(call, definition.getMethodDescriptor(), this,
        Attributes.EMPTY);
  }

  /** Serves {@code call} with {@code definition}'s handler. */
  static <ReqT, RespT> void serve(Call call, ServerMethodDefinition<ReqT, RespT> definition,
      Executor executor, List<ServerStreamTracer.Factory> tracerFactories) {
    ServerCallDriver<ReqT, RespT> d =
        new ServerCallDriver<>(call, Objects.requireNonNull(definition, "definition"), executor,
            tracerFactories);
    d.callbacks.execute(d::start);
    call.onDone(d::onDone);
  }

  private void start() {
    ServerStreamTracer.ServerCallInfo<ReqT, RespT> info = new CallInfo();
    for (ServerStreamTracer t : tracers) {
      t.serverCallStarted(info);
    }
    // On the server's executor, not where the core dispatched the call: entered again here.
    Context previous = context.attach();
    try (TelemetryScope ignored = call.enterTelemetry()) {
      listener = definition.getServerCallHandler().startCall(serverCall, headers);
      if (listener == null) {
        throw new NullPointerException("startCall of "
            + definition.getMethodDescriptor().getFullMethodName() + " returned a null listener");
      }
    } catch (Throwable t) {
      log.log(Level.WARNING, "startCall of " + call.path() + " threw", t);
      fail(t);
      return;
    } finally {
      context.detach(previous);
    }
    if (serverCall.isReady()) {
      onReady();
    }
  }

  void onMessage(ReqT message) {
    deliver(l -> {
      int seq = inboundCount++;
      for (ServerStreamTracer t : tracers) {
        t.inboundMessage(seq);
        t.inboundMessageRead(seq, -1, -1);
      }
      l.onMessage(message);
    });
  }

  void onHalfClose() {
    deliver(ServerCall.Listener::onHalfClose);
  }

  void onReady() {
    deliver(ServerCall.Listener::onReady);
  }

  /** A message goes out: tracers hear of it. Called by the application's thread. */
  void outboundMessage() {
    int seq;
    synchronized (this) {
      seq = outboundCount++;
    }
    for (ServerStreamTracer t : tracers) {
      t.outboundMessage(seq);
      t.outboundMessageSent(seq, -1, -1);
    }
  }

  private void onDone(Status status) {
    over = true;
    io.grpc.Status grpcStatus = StatusBridge.toGrpc(status);
    io.grpc.Status sent = serverCall.closedWith();
    if (status.isOk() && sent != null) {
      // The call ended by the application's close: tracers hear the status it sent.
      grpcStatus = sent;
    }
    for (ServerStreamTracer t : tracers) {
      t.streamClosed(grpcStatus);
    }
    if (!status.isOk()) {
      // At once, not after the queued callbacks: code blocked in the handler watches the context.
      Throwable cause = status.cause() != null ? status.cause()
          : StatusBridge.toGrpc(status).asRuntimeException();
      context.cancel(cause);
      callbacks.execute(() -> runListener(ServerCall.Listener::onCancel));
    } else {
      callbacks.execute(() -> {
        runListener(ServerCall.Listener::onComplete);
        context.cancel(null);
      });
    }
  }

  /** Runs {@code task} on the listener unless the call is already over. */
  private void deliver(java.util.function.Consumer<ServerCall.Listener<ReqT>> task) {
    callbacks.execute(() -> {
      if (!over) {
        runListener(task);
      }
    });
  }

  private void runListener(java.util.function.Consumer<ServerCall.Listener<ReqT>> task) {
    ServerCall.Listener<ReqT> l = listener;
    if (l == null) {
      return; // startCall failed; the call was closed then
    }
    Context previous = context.attach();
    try (TelemetryScope ignored = call.enterTelemetry()) {
      task.accept(l);
    } catch (Throwable t) {
      log.log(Level.WARNING, "A ServerCall.Listener callback of " + call.path() + " threw", t);
      fail(t);
    } finally {
      context.detach(previous);
    }
  }

  /** The application failed: as grpc-java does, the call ends with UNKNOWN. */
  private void fail(Throwable t) {
    Status status = Status.UNKNOWN.withDescription("Application error processing RPC")
        .withCause(t);
    // A status the client reads; if the application had already sent one, cancel instead.
    call.startBatch(new dev.sluice.Batch().sendStatusFromServer(status, new dev.sluice.Metadata()),
        (b, ok) -> {
          if (!ok) {
            call.cancel(status);
          }
        });
    context.cancel(t);
  }

  private final class CallInfo extends ServerStreamTracer.ServerCallInfo<ReqT, RespT> {
    @Override
    public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
      return definition.getMethodDescriptor();
    }

    @Override
    public Attributes getAttributes() {
      return serverCall.getAttributes();
    }

    @Override
    public String getAuthority() {
      return serverCall.getAuthority();
    }
  }
}
