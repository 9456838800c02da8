package dev.sluice;

import dev.sluice.compression.MessageCodecs;
import dev.sluice.filter.Filter;
import dev.sluice.filter.Interceptor;
import dev.sluice.filter.InterceptorFilter;
import dev.sluice.filter.MessageSizeFilter;
import dev.sluice.telemetry.ServerCallTracer;
import dev.sluice.telemetry.ServerTelemetry;
import dev.sluice.telemetry.TelemetryScope;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ServerListener;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

/**
 * The server's end: accepts connections from its listeners, and dispatches each call to the
 * handler registered for its method, on the server's executor (or, for a handler that never
 * blocks at its start, {@link ServerCallHandler#startsOnTransportThread}, on the transport thread).
 * A call for a method nobody registered ends with UNIMPLEMENTED.
 *
 * <p>Every call passes through the server's filters: the application's first, then the deadline
 * filter (the handler sees the client's deadline with {@link Call#deadline()} and the call is
 * cancelled with DEADLINE_EXCEEDED when it passes) and the message-size filter. Thread-safe.
 */
public final class Server implements AutoCloseable {

  private static final Logger log = System.getLogger("dev.sluice.core");

  private record Registered(MethodDescriptor<?, ?> method, ServerCallHandler handler) {}

  /**
   * A method and its handler, as a {@link Builder#fallbackMethods fallback lookup} returns them.
   *
   * @param method the method, whose full name is the one looked up
   * @param handler serves its calls
   */
  public record MethodRegistration(MethodDescriptor<?, ?> method, ServerCallHandler handler) {
    /**
     * Checks that the method and the handler are there.
     *
     * @param method the method the handler serves
     * @param handler what serves it
     */
    public MethodRegistration {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(handler, "handler");
    }
  }

  private final List<ServerListener> listeners;
  private final Map<String, Registered> methods;
  /** The same methods keyed by {@code /package.Service/Method}, as requests name them. */
  private final Map<String, Registered> methodsByPath;
  private final List<Filter> filters;
  private final ServerTelemetry telemetry;
  private final BiFunction<String, String, MethodRegistration> fallback;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService scheduler;
  private final Executor callbackExecutor;
  /** The callback executor of the server whose handler runs on this thread, while it starts. */
  private static final ThreadLocal<Executor> STARTING_CALLBACKS = new ThreadLocal<>();
  /** The handler executor of the server starting a handler inline on this thread. */
  private static final ThreadLocal<Executor> STARTING_EXECUTOR = new ThreadLocal<>();

  private final Object lock = new Object();
  private final Set<Transport> transports = new HashSet<>();
  private boolean started;
  private boolean shutdown;

  private Server(Builder b) {
    this.listeners = List.copyOf(b.listeners);
    this.methods = Map.copyOf(b.methods);
    Map<String, Registered> byPath = new HashMap<>();
    methods.forEach((name, r) -> byPath.put(r.method().path(), r));
    this.methodsByPath = Map.copyOf(byPath);
    this.fallback = b.fallback;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = SharedResources.newHandlerExecutor();
      this.executor = ownedExecutor;
    }
    this.scheduler = b.scheduler != null ? b.scheduler : SharedResources.scheduler();
    this.callbackExecutor = b.callbackExecutor;
    this.filters = StandardStack.filters(b.filters, b.maxInbound, b.maxOutbound, b.codecs);
    this.telemetry = b.telemetry;
  }

  /**
   * For async call helpers (the stub module's): inside a handler's {@code startCall}, the
   * executor its server runs async callbacks on ({@link Builder#callbackExecutor}), or null for
   * the transport's thread, also outside a handler.
   *
   * @return the executor, or null
   */
  public static Executor callbackExecutor() {
    return STARTING_CALLBACKS.get();
  }

  /**
   * For handlers that start on the transport thread ({@link
   * ServerCallHandler#startsOnTransportThread}): inside their {@code startCall}, the executor
   * their server runs handlers on, where they hand off what may block; null elsewhere.
   *
   * @return the server's handler executor while such a handler starts; otherwise null
   */
  public static Executor handlerExecutor() {
    return STARTING_EXECUTOR.get();
  }

  /** {@return a builder for a server with no listener and no method yet} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts every listener.
   *
   * @return this server
   * @throws IOException if a listener cannot start (an address in use, a name taken)
   */
  public Server start() throws IOException {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("Server already started");
      }
      started = true;
    }
    for (ServerListener l : listeners) {
      l.start(this::onTransport);
    }
    return this;
  }

  /**
   * The methods this server serves, in no particular order.
   *
   * @return the registered methods
   */
  public List<MethodDescriptor<?, ?>> methods() {
    List<MethodDescriptor<?, ?>> out = new ArrayList<>(methods.size());
    for (Registered r : methods.values()) {
      out.add(r.method());
    }
    return out;
  }

  /**
   * Where clients reach this server, one entry per listener.
   *
   * @return the listeners' addresses, such as {@code 127.0.0.1:50051}
   */
  public List<String> addresses() {
    List<String> out = new ArrayList<>();
    for (ServerListener l : listeners) {
      out.add(l.address());
    }
    return out;
  }

  private void onTransport(Transport transport) {
    synchronized (lock) {
      if (shutdown) {
        transport.close(Status.UNAVAILABLE.withDescription("Server is shutting down"));
        return;
      }
      transports.add(transport);
    }
    transport.terminationFuture().whenComplete((v, e) -> {
      synchronized (lock) {
        transports.remove(transport);
      }
    });
    transport.performTransportOp(new TransportOp.SetAcceptStream(
        (stream, head) -> onStream(transport, stream, head)));
  }

  /** The method a call asks for, by its path as received: no string is made for the lookup. */
  private Registered lookup(CallHead head) {
    String path = head.path();
    Registered r = path.startsWith("/") ? methodsByPath.get(path) : methods.get(path);
    if (r == null && fallback != null) {
      MethodRegistration m = fallback.apply(head.fullMethodName(), head.authority());
      if (m != null) {
        r = new Registered(m.method(), m.handler());
      }
    }
    return r;
  }

  /** True when {@code r} is a method added to the builder (not a fallback's, nor none). */
  private boolean isRegistered(Registered r, CallHead head) {
    String path = head.path();
    return r != null && r == (path.startsWith("/") ? methodsByPath.get(path) : methods.get(path));
  }

  private void onStream(Transport transport, TransportStream stream, CallHead head) {
    Registered r = lookup(head);
    List<Filter> filters = this.filters;
    ServerCallTracer t = telemetry == null ? null
        : telemetry.newCall(head.fullMethodName(), isRegistered(r, head));
    if (t != null) {
      filters = CallTelemetry.server(t, filters);
    }
    Call[] holder = new Call[1];
    if (r == null) {
      holder[0] = Call.server(transport, stream, head, null, filters, scheduler, t, headers -> {
        if (headers != null) {
          if (t != null) {
            t.requestHeaders(headers);
          }
          holder[0].startBatch(new Batch().sendStatusFromServer(
              Status.UNIMPLEMENTED.withDescription("Method not found: " + head.fullMethodName()),
              new Metadata()), (b, ok) -> {});
        }
      });
      return;
    }
    holder[0] = Call.server(transport, stream, head, r.method(), filters, scheduler, t,
        headers -> {
          if (headers == null) {
            return; // cancelled before the request headers arrived; the call is already over
          }
          if (t != null) {
            t.requestHeaders(headers);
          }
          if (r.handler().startsOnTransportThread()) {
            startOnTransportThread(r.handler(), holder[0]);
            return;
          }
          try {
            executor.execute(() -> runHandler(r.handler(), holder[0], callbackExecutor));
          } catch (RejectedExecutionException e) {
            holder[0].cancel(
                Status.UNAVAILABLE.withDescription("Server is shutting down").withCause(e));
          }
        });
  }

  /** Starts a handler that never blocks right here, telling it where blocking work goes. */
  private void startOnTransportThread(ServerCallHandler handler, Call call) {
    STARTING_EXECUTOR.set(executor);
    try {
      runHandler(handler, call, callbackExecutor);
    } finally {
      // Cleared, not removed: a transport thread starts handlers all the time, and removing
      // would make a new thread-local entry for every call.
      STARTING_EXECUTOR.set(null);
    }
  }

  private static void runHandler(ServerCallHandler handler, Call call, Executor callbacks) {
    try (TelemetryScope ignored = call.enterTelemetry()) {
      if (callbacks == null) {
        handler.startCall(call);
      } else {
        STARTING_CALLBACKS.set(callbacks);
        try {
          handler.startCall(call);
        } finally {
          STARTING_CALLBACKS.remove();
        }
      }
    } catch (Throwable t) {
      log.log(Level.WARNING, "Handler of " + call.path() + " threw", t);
      Status status = Status.fromThrowable(t);
      if (status.code() == Status.Code.UNKNOWN) {
        // Tell the client something happened without leaking the server's internals.
        status = Status.UNKNOWN.withDescription("The server's handler failed").withCause(t);
      }
      // Rejected harmlessly if the handler had already sent its status.
      call.startBatch(new Batch().sendStatusFromServer(status, new Metadata()), (b, ok) -> {});
    }
  }

  /**
   * Graceful shutdown: stop accepting connections, tell clients to open no new calls, let calls
   * in flight finish.
   */
  public void shutdown() {
    for (Transport t : stopAccepting()) {
      t.shutdown(Status.UNAVAILABLE.withDescription("Server shutting down"));
    }
  }

  /** Immediate shutdown: every call in flight ends with UNAVAILABLE. */
  public void shutdownNow() {
    for (Transport t : stopAccepting()) {
      t.close(Status.UNAVAILABLE.withDescription("Server shut down now"));
    }
  }

  private List<Transport> stopAccepting() {
    List<Transport> all;
    synchronized (lock) {
      if (!shutdown) {
        shutdown = true;
        for (ServerListener l : listeners) {
          l.shutdown();
        }
      }
      all = new ArrayList<>(transports);
    }
    return all;
  }

  /** {@return true once {@link #shutdown()} or {@link #shutdownNow()} was called} */
  public boolean isShutdown() {
    synchronized (lock) {
      return shutdown;
    }
  }

  /**
   * Waits until every listener and transport has terminated.
   *
   * @param timeout how long to wait at most
   * @return whether everything terminated in time
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    synchronized (lock) {
      for (ServerListener l : listeners) {
        futures.add(l.terminationFuture());
      }
      for (Transport t : transports) {
        futures.add(t.terminationFuture());
      }
    }
    if (!StandardStack.awaitAll(futures, timeout)) {
      return false;
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    return true;
  }

  /** {@link #shutdownNow()} and wait up to five seconds. */
  @Override
  public void close() throws InterruptedException {
    shutdownNow();
    awaitTermination(Duration.ofSeconds(5));
  }

  /** Settings for a {@link Server}. */
  public static final class Builder {
    private final List<ServerListener> listeners = new ArrayList<>();
    private final Map<String, Registered> methods = new HashMap<>();
    private final List<Filter> filters = new ArrayList<>();
    private BiFunction<String, String, MethodRegistration> fallback;
    private ServerTelemetry telemetry;
    private Executor executor;
    private ScheduledExecutorService scheduler;
    private Executor callbackExecutor;
    private int maxInbound = MessageSizeFilter.DEFAULT_MAX_INBOUND;
    private int maxOutbound = Integer.MAX_VALUE;
    private MessageCodecs codecs = MessageCodecs.defaults();

    /**
     * The message encodings this side supports (default: gzip and identity).
     *
     * @param codecs the encodings to offer and accept
     * @return this builder
     */
    public Builder codecs(MessageCodecs codecs) {
      this.codecs = Objects.requireNonNull(codecs, "codecs");
      return this;
    }

    private Builder() {}

    /**
     * Adds a listener (a port, an in-process name).
     *
     * @param listener the listener, not started
     * @return this builder
     */
    public Builder listener(ServerListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Serves {@code method} with {@code handler}.
     *
     * @param method the method to serve; its path must be unique on the server
     * @param handler what serves its calls
     * @return this builder
     */
    public Builder addMethod(MethodDescriptor<?, ?> method, ServerCallHandler handler) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(handler, "handler");
      if (methods.putIfAbsent(method.fullName(), new Registered(method, handler)) != null) {
        throw new IllegalArgumentException("Method " + method.fullName() + " registered twice");
      }
      return this;
    }

    /**
     * Telemetry of the server's calls (the OpenTelemetry module's, say); by default none, and
     * then no telemetry hook runs.
     *
     * @param telemetry the hooks each call reports to
     * @return this builder
     */
    public Builder telemetry(ServerTelemetry telemetry) {
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      return this;
    }

    /**
     * Adds a filter; filters added first see each batch first.
     *
     * @param filter a filter whose sink each call of the server gets
     * @return this builder
     */
    public Builder filter(Filter filter) {
      filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /**
     * Where the server looks for a method it has no registration for: {@code lookup} gets the
     * full method name ({@code package.Service/Method}) and the request's authority (or null),
     * and returns the method and its handler, or null for UNIMPLEMENTED. It runs on a transport
     * thread for each such call, so it must be quick and must not block (grpc-java's fallback
     * handler registry, for registries that change while the server runs).
     *
     * @param lookup the lookup for methods not registered
     * @return this builder
     */
    public Builder fallbackMethods(BiFunction<String, String, MethodRegistration> lookup) {
      this.fallback = lookup;
      return this;
    }

    /**
     * Adds an interceptor (a filter with a simpler API); see {@link Interceptor}.
     *
     * @param interceptor callbacks on each call's metadata, messages and status
     * @return this builder
     */
    public Builder intercept(Interceptor interceptor) {
      return filter(new InterceptorFilter(interceptor));
    }

    /**
     * Where handlers start (default: a virtual thread per call on JDK 21+, a bounded pool on 17),
     * so a blocking handler never holds an event loop.
     *
     * @param executor runs handlers
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Where the callbacks of async server calls run: request observers, on-ready and on-cancel
     * handlers (of the stub module's async methods). By default they run on the transport's
     * thread, the connection's event loop: the fewest thread hops, but a callback that blocks
     * stalls every call of that connection. With an executor they run there instead, still one
     * at a time per call and in order, so they may block (within the executor's means).
     *
     * @param executor runs async callbacks, or null for the transport's thread
     * @return this builder
     */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The timer for deadlines (default: a shared daemon thread).
     *
     * @param scheduler runs deadline timers; the caller owns it
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /**
     * Largest request message accepted, in bytes (default 4 MiB).
     *
     * @param bytes the largest request message, in bytes; larger ones fail RESOURCE_EXHAUSTED
     * @return this builder
     */
    public Builder maxInboundMessageSize(int bytes) {
      this.maxInbound = bytes;
      return this;
    }

    /**
     * Largest response message sent, in bytes (default: no limit).
     *
     * @param bytes the largest response message, in bytes; larger ones fail RESOURCE_EXHAUSTED
     * @return this builder
     */
    public Builder maxOutboundMessageSize(int bytes) {
      this.maxOutbound = bytes;
      return this;
    }

    /** {@return the server, not started} */
    public Server build() {
      if (listeners.isEmpty()) {
        throw new IllegalStateException("A server needs at least one listener");
      }
      Server server = new Server(this);
      for (Registered r : server.methods.values()) {
        r.handler().onServerBuilt(server);
      }
      return server;
    }
  }
}
