package dev.sluice.examples.observability;

import dev.sluice.Channel;
import dev.sluice.StatusException;
import dev.sluice.opentelemetry.SluiceOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;

/**
 * The greeter's client: a channel with Sluice's metrics installed in one line, and calls made
 * inside a span of the application's own, which the logging exporter prints when it ends.
 */
public final class ObservabilityClient implements AutoCloseable {

  private final Channel channel;
  private final Tracer tracer;

  /** A client of the server at {@code target}, e.g. {@code dns:///localhost:50051}. */
  public ObservabilityClient(String target, OpenTelemetry openTelemetry) {
    SluiceOpenTelemetry telemetry = SluiceOpenTelemetry.builder(openTelemetry).build();
    this.channel = telemetry.configure(Channel.builder(target)).build();
    this.tracer = openTelemetry.getTracer("dev.sluice.examples.observability");
  }

  /**
   * Greets each name in turn, within one span; returns how many calls succeeded. An empty name
   * fails with INVALID_ARGUMENT.
   */
  public int greetAll(String... names) {
    Span span = tracer.spanBuilder("greet-all").startSpan();
    int ok = 0;
    try (Scope ignored = span.makeCurrent()) {
      GreeterSluice.GreeterBlockingStub stub = GreeterSluice.newBlockingStub(channel)
          .withTimeout(Duration.ofSeconds(10));
      for (String name : names) {
        try {
          HelloReply reply = stub.sayHello(HelloRequest.newBuilder().setName(name).build());
          System.out.println("reply: " + reply.getMessage());
          ok++;
        } catch (StatusException e) {
          System.out.println("failed: " + e.status().code() + " " + e.getMessage());
          span.addEvent("call failed: " + e.status().code());
        }
      }
      span.setAttribute("greetings.ok", ok);
      if (ok < names.length) {
        span.setStatus(StatusCode.ERROR, (names.length - ok) + " calls failed");
      }
    } finally {
      span.end();
    }
    return ok;
  }

  /** Shuts the channel down and waits for its calls to end. */
  @Override
  public void close() throws InterruptedException {
    channel.close();
  }
}
