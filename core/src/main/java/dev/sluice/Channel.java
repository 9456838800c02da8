package dev.sluice;

import dev.sluice.compression.MessageCodecs;
import dev.sluice.filter.Filter;
import dev.sluice.filter.Interceptor;
import dev.sluice.filter.InterceptorFilter;
import dev.sluice.filter.MessageSizeFilter;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Connector;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The client's end: makes {@link Call}s to one target over transports from a {@link Connector}.
 *
 * <p>The channel connects on its first call and keeps one transport; when that transport fails
 * or is told to go away, the next call connects anew (calls already on the old one finish
 * there). Each call passes through the channel's filters: the application's first, then the
 * deadline and message-size filters. Thread-safe.
 */
public final class Channel implements AutoCloseable {

  private final Connector connector;
  private final List<Filter> filters;
  private final ScheduledExecutorService scheduler;
  private final String defaultAuthority;

  private final Object lock = new Object();
  private Transport current;
  private boolean currentUsable;
  private final Set<Transport> live = new HashSet<>();
  private boolean shutdown;

  private Channel(Builder b) {
    this.connector = b.connector;
    this.scheduler = b.scheduler != null ? b.scheduler : SharedResources.scheduler();
    this.defaultAuthority = b.authority;
    this.filters = StandardStack.filters(b.filters, b.maxInbound, b.maxOutbound, b.codecs);
  }

  /** Starts building a channel to what {@code connector} reaches. */
  public static Builder builder(Connector connector) {
    return new Builder(connector);
  }

  /**
   * A new call of {@code method}. A call whose deadline has already passed never reaches the
   * server: it ends at once with DEADLINE_EXCEEDED.
   */
  public Call newCall(MethodDescriptor<?, ?> method, CallOptions options) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(options, "options");
    String authority = options.authority() != null ? options.authority() : defaultAuthority;
    CallHead head = new CallHead(method.path(), authority, options.deadline());
    if (options.deadline() != null && options.deadline().isExpired()) {
      return Call.failedClient(method, head, Status.DEADLINE_EXCEEDED.withDescription(
          "Deadline of " + method.fullName() + " had passed before the call started"), scheduler);
    }
    Transport transport = transport();
    if (transport == null) {
      return Call.failedClient(method, head,
          Status.UNAVAILABLE.withDescription("Channel to " + connector.target() + " is shut down"),
          scheduler);
    }
    return Call.client(transport, method, head, filters, scheduler, options.compression());
  }

  /** A new call with default options. */
  public Call newCall(MethodDescriptor<?, ?> method) {
    return newCall(method, CallOptions.DEFAULT);
  }

  private Transport transport() {
    synchronized (lock) {
      if (shutdown) {
        return null;
      }
      if (current == null || !currentUsable) {
        Transport t = connector.connect();
        current = t;
        currentUsable = true;
        live.add(t);
        t.performTransportOp(new TransportOp.WatchConnectivity((state, reason) -> {
          if (state == ConnectivityState.TRANSIENT_FAILURE || state == ConnectivityState.SHUTDOWN) {
            synchronized (lock) {
              if (current == t) {
                currentUsable = false;
              }
            }
          }
        }));
        t.terminationFuture().whenComplete((v, e) -> {
          synchronized (lock) {
            live.remove(t);
            if (current == t) {
              current = null;
            }
          }
        });
      }
      return current;
    }
  }

  /** Starts a graceful shutdown: calls in flight finish, new calls fail with UNAVAILABLE. */
  public void shutdown() {
    for (Transport t : endAll()) {
      t.shutdown(Status.UNAVAILABLE.withDescription("Channel shut down"));
    }
  }

  /** Ends every call now with UNAVAILABLE, and the channel with them. */
  public void shutdownNow() {
    for (Transport t : endAll()) {
      t.close(Status.UNAVAILABLE.withDescription("Channel shut down now"));
    }
  }

  private List<Transport> endAll() {
    synchronized (lock) {
      shutdown = true;
      return new ArrayList<>(live);
    }
  }

  public boolean isShutdown() {
    synchronized (lock) {
      return shutdown;
    }
  }

  /** Waits until every transport of this channel has terminated. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    synchronized (lock) {
      for (Transport t : live) {
        futures.add(t.terminationFuture());
      }
    }
    return StandardStack.awaitAll(futures, timeout);
  }

  /** {@link #shutdownNow()} and wait up to five seconds for termination. */
  @Override
  public void close() throws InterruptedException {
    shutdownNow();
    awaitTermination(Duration.ofSeconds(5));
  }

  /** Settings for a {@link Channel}. */
  public static final class Builder {
    private final Connector connector;
    private final List<Filter> filters = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private String authority;
    private int maxInbound = MessageSizeFilter.DEFAULT_MAX_INBOUND;
    private int maxOutbound = Integer.MAX_VALUE;
    private MessageCodecs codecs = MessageCodecs.defaults();

    /** The message encodings this side supports (default: gzip and identity). */
    public Builder codecs(MessageCodecs codecs) {
      this.codecs = Objects.requireNonNull(codecs, "codecs");
      return this;
    }

    private Builder(Connector connector) {
      this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** Adds a filter; filters added first see each batch first. */
    public Builder filter(Filter filter) {
      filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /** Adds an interceptor (a filter with a simpler API); see {@link Interceptor}. */
    public Builder intercept(Interceptor interceptor) {
      return filter(new InterceptorFilter(interceptor));
    }

    /** The default {@code :authority} of calls. */
    public Builder authority(String authority) {
      this.authority = authority;
      return this;
    }

    /** Largest response message accepted, in bytes (default 4 MiB). */
    public Builder maxInboundMessageSize(int bytes) {
      this.maxInbound = bytes;
      return this;
    }

    /** Largest request message sent, in bytes (default: no limit). */
    public Builder maxOutboundMessageSize(int bytes) {
      this.maxOutbound = bytes;
      return this;
    }

    /** The timer for deadlines (default: a shared daemon thread). */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    public Channel build() {
      return new Channel(this);
    }
  }
}
