package dev.sluice.grpcjava;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.SerializingExecutor;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.inproc.InProcessSocketAddress;
import io.grpc.Attributes;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java {@link ClientCall} carried by a Sluice {@link Call}.
 *
 * <p>grpc-java's calls are driven by methods (start, request, sendMessage, halfClose), Sluice's by
 * batches: the headers go in one batch at {@code start}, messages one batch each through a
 * {@link SendQueue} (the core allows one message in flight), and receives follow the listener's
 * {@code request(n)}. Every listener callback runs on the call's executor (the call options', else
 * the channel's), one at a time, in the caller's {@link Context}; {@code onClose} comes after
 * the last {@code onMessage}.
 *
 * <p>The call's deadline is the earlier of the call options' and the context's; a context that is
 * cancelled cancels the call.
 */
final class SluiceClientCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {

  private final Channel channel;
  private final MethodDescriptor<ReqT, RespT> method;
  private final dev.sluice.MethodDescriptor<ReqT, RespT> sluiceMethod;
  private final io.grpc.CallOptions options;
  private final String defaultCompression;
  private final SerializingExecutor callbacks;
  private final Context context;
  private final Executor executor;
  private final CallCredentialsSupport credentialsSupport;

  private final Object lock = new Object();
  private Listener<RespT> listener;
  private Call call;
  private SendQueue sends;
  private int demand;
  private boolean receiving;
  private boolean inboundEnded;
  private boolean closed;
  private volatile boolean compressMessages = true;
  private Context.CancellationListener contextListener;
  private io.grpc.Deadline deadline;
  private ClientTracers tracers;
  /** Set by the size-checking response marshaller when a message was over the call's limit. */
  private volatile int oversizeMessage = -1;

  SluiceClientCall(Channel channel, MethodDescriptor<ReqT, RespT> method,
      dev.sluice.MethodDescriptor<ReqT, RespT> sluiceMethod, io.grpc.CallOptions options,
      Executor channelExecutor, CallCredentialsSupport credentialsSupport) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.method = Objects.requireNonNull(method, "method");
    this.sluiceMethod = Objects.requireNonNull(sluiceMethod, "sluiceMethod");
    this.options = Objects.requireNonNull(options, "options");
    String compressor = options.getCompressor();
    this.defaultCompression = "identity".equals(compressor) ? null : compressor;
    Executor executor = options.getExecutor() != null ? options.getExecutor() : channelExecutor;
    this.executor = executor;
    this.callbacks = new SerializingExecutor(executor);
    this.credentialsSupport = Objects.requireNonNull(credentialsSupport, "credentialsSupport");
    this.context = Context.current();
  }

  @Override
  public void start(Listener<RespT> responseListener, io.grpc.Metadata headers) {
    Objects.requireNonNull(responseListener, "responseListener");
    Objects.requireNonNull(headers, "headers");
    synchronized (lock) {
      if (listener != null) {
        throw new IllegalStateException("Call already started");
      }
      listener = responseListener;
    }
    if (context.isCancelled()) {
      // grpc-java fails such a call at once, without sending anything.
      closeWith(DeadlineBridge.cancelledContextStatus(context), new io.grpc.Metadata());
      return;
    }
    io.grpc.Deadline deadline = DeadlineBridge.earliest(options.getDeadline(), context.getDeadline());
    if (deadline != null && deadline.isExpired()) {
      // Worded as grpc-java words it: applications and tests match on this text.
      closeWith(io.grpc.Status.DEADLINE_EXCEEDED.withDescription(String.format(
          "ClientCall started after %s deadline was exceeded %.9f seconds ago",
          deadlineName(deadline), -deadline.timeRemaining(TimeUnit.NANOSECONDS) / 1e9)),
          new io.grpc.Metadata());
      return;
    }
    io.grpc.CallCredentials credentials = credentialsSupport.forCall(options.getCredentials());
    if (credentials != null && credentialsSupport.securityLevel() == null) {
      closeWith(io.grpc.Status.UNAUTHENTICATED.withDescription("The call has CallCredentials, "
          + "and this channel cannot tell them its security level: it wraps a Sluice channel "
          + "with SluiceManagedChannel.wrap(channel); build it with SluiceChannelBuilder, or use "
          + "SluiceManagedChannel.wrap(channel, secure)"), new io.grpc.Metadata());
      return;
    }
    this.deadline = deadline;
    this.tracers = ClientTracers.create(options, headers);
    CallOptions sluiceOptions = new CallOptions(DeadlineBridge.toSluice(deadline),
        options.getAuthority(), defaultCompression, options.isWaitForReady() ? Boolean.TRUE : null);
    if (credentials != null) {
      sluiceOptions = sluiceOptions.withCallCredentials(new CallCredentialsBridge(credentials,
          method, options, credentialsSupport.securityLevel(), credentialsSupport.authority(),
          executor));
    }
    Call c = channel.newCall(withCallLimit(sluiceMethod), sluiceOptions);
    synchronized (lock) {
      call = c;
      sends = new SendQueue(c, () -> deliver(this::runOnReady));
    }
    c.startBatch(new Batch().recvStatusOnClient(), (b, ok) -> onFinal(b));
    c.startBatch(new Batch().recvInitialMetadata(), (b, ok) -> onHeaders(c, b.initialMetadata()));
    sends.start(new Batch().sendInitialMetadata(MetadataBridge.toSluice(headers)));
    tracers.started(headers);
    if (context != Context.ROOT) {
      Context.CancellationListener l =
          ctx -> c.cancel(StatusBridge.toSluice(DeadlineBridge.cancelledContextStatus(ctx)));
      synchronized (lock) {
        contextListener = l;
      }
      context.addListener(l, Runnable::run);
    }
    maybeReceive();
  }

  @Override
  public void request(int numMessages) {
    if (numMessages < 0) {
      throw new IllegalArgumentException("numMessages must not be negative: " + numMessages);
    }
    synchronized (lock) {
      if (listener == null) {
        throw new IllegalStateException("Not started");
      }
      demand = (int) Math.min(Integer.MAX_VALUE, (long) demand + numMessages);
    }
    maybeReceive();
  }

  @Override
  public void cancel(String message, Throwable cause) {
    if (message == null && cause == null) {
      message = "Cancelled without a message or cause";
    }
    Status status = Status.CANCELLED.withDescription(message).withCause(cause);
    Call c;
    synchronized (lock) {
      c = call;
    }
    if (c != null) {
      c.cancel(status);
    }
  }

  @Override
  public void halfClose() {
    SendQueue s = started();
    s.close(new Batch().sendCloseFromClient());
  }

  @Override
  public void sendMessage(ReqT message) {
    Objects.requireNonNull(message, "message");
    SendQueue s = started();
    Integer limit = options.getMaxOutboundMessageSize();
    if (limit != null) {
      int size = MessageSizes.serializedSize(method.getRequestMarshaller(), message);
      if (size > limit) {
        Call c;
        synchronized (lock) {
          c = call;
        }
        if (c != null) {
          // As grpc-java: the call is cancelled, the size problem is the cause.
          io.grpc.StatusRuntimeException tooLarge = io.grpc.Status.RESOURCE_EXHAUSTED
              .withDescription(String.format("message too large %d > %d: the call's "
                  + "maxOutboundMessageSize is %d bytes", size, limit, limit))
              .asRuntimeException();
          c.cancel(Status.CANCELLED.withDescription("Failed to stream message")
              .withCause(tooLarge));
        }
        return;
      }
    }
    ClientTracers t = tracers;
    if (t != null) {
      t.outboundMessage();
    }
    s.send(message, compressMessages ? 0 : StreamOpBatch.FLAG_NO_COMPRESS);
  }

  @Override
  public boolean isReady() {
    SendQueue s;
    synchronized (lock) {
      s = sends;
    }
    return s != null && s.isReady();
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    compressMessages = enabled;
  }

  /** The connection's remote and local addresses, once the call has a connection. */
  @Override
  public Attributes getAttributes() {
    Call c;
    synchronized (lock) {
      c = call;
    }
    dev.sluice.transport.Endpoint e = c == null ? null : c.endpoint();
    if (e == null) {
      String target = channel.target();
      if (c != null && target.startsWith("inproc:")) {
        // In process both ends are the server's name, as in grpc-java's in-process transport.
        SocketAddress name = new InProcessSocketAddress(target.substring("inproc:".length()));
        return Attributes.newBuilder()
            .set(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR, name)
            .set(io.grpc.Grpc.TRANSPORT_ATTR_LOCAL_ADDR, name)
            .build();
      }
      return Attributes.EMPTY;
    }
    Attributes.Builder a = Attributes.newBuilder();
    if (e.remoteAddress() != null) {
      a.set(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR, e.remoteAddress());
    }
    if (e.localAddress() != null) {
      a.set(io.grpc.Grpc.TRANSPORT_ATTR_LOCAL_ADDR, e.localAddress());
    }
    return a.build();
  }

  private SendQueue started() {
    synchronized (lock) {
      if (listener == null) {
        throw new IllegalStateException("Not started");
      }
      if (sends == null) {
        // Started on a cancelled context: nothing is sent, and onClose already went out.
        return SendQueue.DISCARDING;
      }
      return sends;
    }
  }

  // ---- responses ----

  private void maybeReceive() {
    Call c;
    synchronized (lock) {
      if (call == null || receiving || demand == 0 || inboundEnded || closed) {
        return;
      }
      receiving = true;
      demand--;
      c = call;
    }
    c.startBatch(new Batch().recvMessage(), (b, ok) -> onMessage(b.message()));
  }

  private void onHeaders(Call c, Metadata headers) {
    // An empty set once the call is over means the server answered with trailers only: grpc-java
    // calls onHeaders only for headers that came.
    if (headers.isEmpty() && c.whenDone().isDone()) {
      return;
    }
    io.grpc.Metadata grpcHeaders = MetadataBridge.toGrpc(headers);
    deliver(() -> {
      Listener<RespT> l;
      synchronized (lock) {
        if (closed) {
          return;
        }
        l = listener;
      }
      tracers.inboundHeaders(grpcHeaders);
      l.onHeaders(grpcHeaders);
    });
  }

  private void onMessage(RespT message) {
    Call c;
    synchronized (lock) {
      receiving = false;
      inboundEnded |= message == null;
      c = call;
    }
    if (message == LimitedMarshaller.OVERSIZE) {
      c.cancel(Status.RESOURCE_EXHAUSTED.withDescription(String.format(
          "Response message of %d bytes exceeds maximum size %d set by the call's "
              + "maxInboundMessageSize", oversizeMessage, options.getMaxInboundMessageSize())));
      return;
    }
    if (message == null) {
      return;
    }
    deliver(() -> {
      Listener<RespT> l;
      synchronized (lock) {
        if (closed) {
          return;
        }
        l = listener;
      }
      tracers.inboundMessage();
      l.onMessage(message);
      maybeReceive();
    });
    // Demand left from request(n) keeps the next receive going without waiting for the app.
    maybeReceive();
  }

  private void onFinal(Batch b) {
    Status status = b.status();
    int oversize = oversizeMessage;
    if (oversize >= 0 && !status.code().equals(Status.Code.RESOURCE_EXHAUSTED)) {
      // The server may have ended the call OK before the cancel for the dropped message went
      // out: the application must still learn that a response was refused.
      status = Status.RESOURCE_EXHAUSTED.withDescription(String.format(
          "Response message of %d bytes exceeds maximum size %d set by the call's "
              + "maxInboundMessageSize", oversize, options.getMaxInboundMessageSize()));
    }
    io.grpc.Deadline d = deadline;
    if (d != null && d.isExpired() && (status.code() == Status.Code.DEADLINE_EXCEEDED
        || status.code() == Status.Code.CANCELLED)) {
      // grpc-java's wording, which its applications and tests match on; Sluice's own
      // description follows in brackets.
      String why = String.valueOf(status.description()).replace('\n', ' ');
      status = Status.DEADLINE_EXCEEDED.withDescription(String.format(
          "%s deadline exceeded after %.9fs. [%s]", deadlineName(d),
          -d.timeRemaining(TimeUnit.NANOSECONDS) / 1e9, why)).withCause(status.cause());
    }
    io.grpc.Metadata trailers = MetadataBridge.toGrpc(b.trailers());
    StatusBridge.addDetails(status, trailers);
    io.grpc.Status grpcStatus = StatusBridge.toGrpc(status);
    deliver(() -> closeWith(grpcStatus, trailers));
  }

  private void closeWith(io.grpc.Status status, io.grpc.Metadata trailers) {
    Listener<RespT> l;
    Context.CancellationListener cl;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      l = listener;
      cl = contextListener;
    }
    if (cl != null) {
      context.removeListener(cl);
    }
    ClientTracers t = tracers;
    if (t != null) {
      t.closed(status, trailers);
    }
    deliver(() -> l.onClose(status, trailers));
  }

  private void runOnReady() {
    Listener<RespT> l;
    synchronized (lock) {
      if (closed) {
        return;
      }
      l = listener;
    }
    l.onReady();
  }

  /** Whether {@code d} came from the call options or from the context, as grpc-java says. */
  private String deadlineName(io.grpc.Deadline d) {
    return d == options.getDeadline() ? "CallOptions" : "Context";
  }

  /**
   * {@code method}, or when the call options set a smaller inbound limit than the channel's, a
   * copy whose response marshaller checks it: the message is dropped (the receive ends empty) and
   * the call is cancelled with RESOURCE_EXHAUSTED, as grpc-java does.
   */
  private dev.sluice.MethodDescriptor<ReqT, RespT> withCallLimit(
      dev.sluice.MethodDescriptor<ReqT, RespT> m) {
    Integer limit = options.getMaxInboundMessageSize();
    if (limit == null) {
      return m;
    }
    dev.sluice.Marshaller<RespT> inner = m.responseMarshaller();
    dev.sluice.Marshaller<RespT> checked = new LimitedMarshaller<>(inner, limit,
        size -> oversizeMessage = size);
    return dev.sluice.MethodDescriptor.create(m.fullName(), m.type(), m.requestMarshaller(),
        checked);
  }

  /** Runs listener code serialized, on the call's executor, in the call's context. */
  private void deliver(Runnable task) {
    callbacks.execute(() -> {
      Context previous = context.attach();
      try {
        task.run();
      } catch (Throwable t) {
        // grpc-java cancels a call whose listener threw; the status says why.
        cancel("Failure in a ClientCall.Listener callback", t);
      } finally {
        context.detach(previous);
      }
    });
  }

  @Override
  public String toString() {
    return "SluiceClientCall{" + method.getFullMethodName() + "}";
  }
}
