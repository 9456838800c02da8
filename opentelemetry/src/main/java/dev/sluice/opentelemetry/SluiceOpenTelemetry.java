package dev.sluice.opentelemetry;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.telemetry.ClientTelemetry;
import dev.sluice.telemetry.ServerTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * OpenTelemetry metrics (gRFC A66) and traces (gRFC A72's spans) of Sluice channels and servers,
 * under the instrumentation scope {@code "sluice"}. Install on a builder in one line:
 *
 * <pre>{@code
 * SluiceOpenTelemetry otel = SluiceOpenTelemetry.builder(openTelemetry).build();
 * Channel channel = otel.configure(Channel.builder("dns:///example.com:443")).build();
 * Server server = otel.configure(Server.builder().addMethod(...)).build();
 * }</pre>
 *
 * <p>Metrics go to the OpenTelemetry's meter provider and traces to its tracer provider, each
 * unless that provider is the no-op one or it is switched off on the {@link Builder}. Trace
 * context crosses calls through request metadata with the OpenTelemetry's propagators. Only the
 * OpenTelemetry given is used: the global one only through {@link #global()}.
 */
public final class SluiceOpenTelemetry {

  /** The instrumentation scope's name, of the meter and of the tracer. */
  public static final String METER_NAME = "sluice";

  private final ClientTelemetry client;
  private final ServerTelemetry server;

  private SluiceOpenTelemetry(Builder b) {
    String version = SluiceOpenTelemetry.class.getPackage().getImplementationVersion();
    ClientTelemetry c = null;
    ServerTelemetry s = null;
    MeterProvider meters = b.openTelemetry.getMeterProvider();
    if (b.metrics && meters != MeterProvider.noop()) {
      MeterBuilder mb = meters.meterBuilder(METER_NAME);
      if (version != null) {
        mb.setInstrumentationVersion(version);
      }
      Instruments instruments = new Instruments(mb.build());
      c = new ClientMetrics(instruments, b.methodFilter);
      s = new ServerMetrics(instruments);
    }
    TracerProvider tracers = b.openTelemetry.getTracerProvider();
    if (b.traces && tracers != TracerProvider.noop()) {
      TracerBuilder tb = tracers.tracerBuilder(METER_NAME);
      if (version != null) {
        tb.setInstrumentationVersion(version);
      }
      Tracer tracer = tb.build();
      TextMapPropagator propagator = b.openTelemetry.getPropagators().getTextMapPropagator();
      ClientTelemetry ct = new ClientTracing(tracer, propagator, b.messageEvents);
      ServerTelemetry st = new ServerTracing(tracer, propagator, b.messageEvents);
      c = c == null ? ct : Fanout.client(c, ct);
      s = s == null ? st : Fanout.server(s, st);
    }
    this.client = c;
    this.server = s;
  }

  /**
   * Starts building metrics and traces that go to {@code openTelemetry}'s providers.
   *
   * @param openTelemetry where the meters and tracers come from, usually the SDK the application
   *     set up
   * @return a builder; {@link Builder#build()} makes the hooks
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Metrics and traces that go to {@link GlobalOpenTelemetry}, as it is set up when this is
   * called, with the default settings.
   *
   * @return the hooks over the global OpenTelemetry
   */
  public static SluiceOpenTelemetry global() {
    return builder(GlobalOpenTelemetry.get()).build();
  }

  /**
   * The hooks for {@link Channel.Builder#telemetry}.
   *
   * @return the client hooks; null when neither metrics nor traces are on (then {@link
   *     #configure(Channel.Builder)} installs nothing)
   */
  public ClientTelemetry clientTelemetry() {
    return client;
  }

  /**
   * The hooks for {@link Server.Builder#telemetry}.
   *
   * @return the server hooks; null when neither metrics nor traces are on (then {@link
   *     #configure(Server.Builder)} installs nothing)
   */
  public ServerTelemetry serverTelemetry() {
    return server;
  }

  /**
   * Installs the client's metrics and traces on {@code builder}; returns it.
   *
   * @param builder the channel being built; every call on it is then measured and traced
   * @return {@code builder}
   */
  public Channel.Builder configure(Channel.Builder builder) {
    return client == null ? builder : builder.telemetry(client);
  }

  /**
   * Installs the server's metrics and traces on {@code builder}; returns it.
   *
   * @param builder the server being built; every call it serves is then measured and traced
   * @return {@code builder}
   */
  public Server.Builder configure(Server.Builder builder) {
    return server == null ? builder : builder.telemetry(server);
  }

  /** Settings for {@link SluiceOpenTelemetry}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private Predicate<String> methodFilter = name -> false;
    private boolean metrics = true;
    private boolean traces = true;
    private boolean messageEvents;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Which client methods without a generated descriptor keep their name in {@code
     * grpc.method} (by full name, {@code package.Service/Method}); the others are recorded as
     * {@code "other"}, so that made-up names cannot grow the metrics without bound. Methods of
     * generated stubs always keep their names. Default: none. Spans always carry the full name.
     *
     * @param filter true for the full method names that may appear as themselves
     * @return this builder
     */
    public Builder methodFilter(Predicate<String> filter) {
      this.methodFilter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Whether to record the A66 metrics (default true; nothing with a no-op meter provider).
     *
     * @param enabled false to leave metrics out
     * @return this builder
     */
    public Builder metrics(boolean enabled) {
      this.metrics = enabled;
      return this;
    }

    /**
     * Whether to make spans and propagate trace context (default true; nothing with a no-op
     * tracer provider).
     *
     * @param enabled false to leave traces out (no spans, no trace context in request headers)
     * @return this builder
     */
    public Builder traces(boolean enabled) {
      this.traces = enabled;
      return this;
    }

    /**
     * Whether spans get an event per message sent and received, with its sequence number and
     * size (default false: a streaming call may carry many).
     *
     * @param enabled true to add the message events
     * @return this builder
     */
    public Builder messageEvents(boolean enabled) {
      this.messageEvents = enabled;
      return this;
    }

    /**
     * Makes the client and server hooks; the instruments and the tracer are created once here
     * and shared by every call.
     *
     * @return the hooks, ready for {@link #configure(Channel.Builder)} and {@link
     *     #configure(Server.Builder)}
     */
    public SluiceOpenTelemetry build() {
      return new SluiceOpenTelemetry(this);
    }
  }
}
