package dev.sluice.examples.observability;

import dev.sluice.Server;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.opentelemetry.SluiceOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The greeter server over HTTP/2, with Sluice's metrics installed in one line. */
public final class ObservabilityServer {

  private ObservabilityServer() {}

  /** Starts the server on {@code host}, port {@code port}, recording to {@code openTelemetry}. */
  public static Server start(String host, int port, OpenTelemetry openTelemetry)
      throws IOException {
    SluiceOpenTelemetry telemetry = SluiceOpenTelemetry.builder(openTelemetry).build();
    Server.Builder builder = Server.builder()
        .listener(NettyServerListener.forAddress(new InetSocketAddress(host, port)).build());
    new GreeterService().bindService().addTo(builder);
    return telemetry.configure(builder).build().start();
  }
}
