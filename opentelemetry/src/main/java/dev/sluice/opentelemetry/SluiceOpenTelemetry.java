package dev.sluice.opentelemetry;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.telemetry.ClientTelemetry;
import dev.sluice.telemetry.ServerTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * OpenTelemetry metrics of Sluice channels and servers, as gRFC A66 defines them (meter
 * {@code "sluice"}). Install on a builder in one line:
 *
 * <pre>{@code
 * SluiceOpenTelemetry otel = SluiceOpenTelemetry.builder(openTelemetry).build();
 * Channel channel = otel.configure(Channel.builder("dns:///example.com:443")).build();
 * Server server = otel.configure(Server.builder().addMethod(...)).build();
 * }</pre>
 *
 * <p>Only the OpenTelemetry given is used: the global one only through {@link #global()}.
 */
public final class SluiceOpenTelemetry {

  /** The instrumentation scope's name. */
  public static final String METER_NAME = "sluice";

  private final ClientMetrics client;
  private final ServerMetrics server;

  private SluiceOpenTelemetry(Builder b) {
    MeterBuilder mb = b.openTelemetry.getMeterProvider().meterBuilder(METER_NAME);
    String version = SluiceOpenTelemetry.class.getPackage().getImplementationVersion();
    if (version != null) {
      mb.setInstrumentationVersion(version);
    }
    Meter meter = mb.build();
    Instruments instruments = new Instruments(meter);
    this.client = new ClientMetrics(instruments, b.methodFilter);
    this.server = new ServerMetrics(instruments);
  }

  /**
   * Starts building metrics that go to {@code openTelemetry}'s meter provider.
   *
   * @param openTelemetry where the meters come from, usually the SDK the application set up
   * @return a builder; {@link Builder#build()} makes the hooks
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * {@return metrics that go to {@link GlobalOpenTelemetry}, as it is set up when this is called}
   */
  public static SluiceOpenTelemetry global() {
    return builder(GlobalOpenTelemetry.get()).build();
  }

  /** {@return the hooks for {@link Channel.Builder#telemetry}} */
  public ClientTelemetry clientTelemetry() {
    return client;
  }

  /** {@return the hooks for {@link Server.Builder#telemetry}} */
  public ServerTelemetry serverTelemetry() {
    return server;
  }

  /**
   * Installs the client metrics on {@code builder}; returns it.
   *
   * @param builder the channel being built; every call on it is then measured
   * @return {@code builder}
   */
  public Channel.Builder configure(Channel.Builder builder) {
    return builder.telemetry(client);
  }

  /**
   * Installs the server metrics on {@code builder}; returns it.
   *
   * @param builder the server being built; every call it serves is then measured
   * @return {@code builder}
   */
  public Server.Builder configure(Server.Builder builder) {
    return builder.telemetry(server);
  }

  /** Settings for {@link SluiceOpenTelemetry}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private Predicate<String> methodFilter = name -> false;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Which client methods without a generated descriptor keep their name in {@code
     * grpc.method} (by full name, {@code package.Service/Method}); the others are recorded as
     * {@code "other"}, so that made-up names cannot grow the metrics without bound. Methods of
     * generated stubs always keep their names. Default: none.
     *
     * @param filter true for the full method names that may appear as themselves
     * @return this builder
     */
    public Builder methodFilter(Predicate<String> filter) {
      this.methodFilter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Makes the client and server hooks; the instruments are created once here and shared by every
     * call.
     *
     * @return the hooks, ready for {@link #configure(Channel.Builder)} and {@link
     *     #configure(Server.Builder)}
     */
    public SluiceOpenTelemetry build() {
      return new SluiceOpenTelemetry(this);
    }
  }
}
