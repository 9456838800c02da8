package dev.sluice.opentelemetry;

import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.Status;
import dev.sluice.telemetry.AttemptKind;
import dev.sluice.telemetry.AttemptTracer;
import dev.sluice.telemetry.ClientCallTracer;
import dev.sluice.telemetry.ClientTelemetry;
import dev.sluice.telemetry.ServerCallTracer;
import dev.sluice.telemetry.ServerTelemetry;
import dev.sluice.telemetry.TelemetryScope;

/**
 * Metrics and traces together behind the one telemetry a builder takes: every hook goes to
 * both, the metrics first, so a span is still open while its call's metrics are recorded.
 */
final class Fanout {

  private Fanout() {}

  static ClientTelemetry client(ClientTelemetry first, ClientTelemetry second) {
    return (method, target) -> new ClientCall(first.newCall(method, target),
        second.newCall(method, target));
  }

  static ServerTelemetry server(ServerTelemetry first, ServerTelemetry second) {
    return (name, registered) -> new ServerCall(first.newCall(name, registered),
        second.newCall(name, registered));
  }

  private record ClientCall(ClientCallTracer first, ClientCallTracer second)
      implements ClientCallTracer {
    @Override
    public AttemptTracer attemptStarted(AttemptKind kind, long pickDelayNanos) {
      return new Attempt(first.attemptStarted(kind, pickDelayNanos),
          second.attemptStarted(kind, pickDelayNanos));
    }

    @Override
    public void outboundMessage(long uncompressedBytes) {
      first.outboundMessage(uncompressedBytes);
      second.outboundMessage(uncompressedBytes);
    }

    @Override
    public void inboundMessage(long uncompressedBytes) {
      first.inboundMessage(uncompressedBytes);
      second.inboundMessage(uncompressedBytes);
    }

    @Override
    public void callEnded(Status status) {
      first.callEnded(status);
      second.callEnded(status);
    }
  }

  private record Attempt(AttemptTracer first, AttemptTracer second) implements AttemptTracer {
    @Override
    public Metadata requestHeaders(Metadata headers) {
      return second.requestHeaders(first.requestHeaders(headers));
    }

    @Override
    public void outboundMessage(long wireBytes) {
      first.outboundMessage(wireBytes);
      second.outboundMessage(wireBytes);
    }

    @Override
    public void inboundMessage(long wireBytes) {
      first.inboundMessage(wireBytes);
      second.inboundMessage(wireBytes);
    }

    @Override
    public void attemptEnded(Status status) {
      first.attemptEnded(status);
      second.attemptEnded(status);
    }
  }

  private record ServerCall(ServerCallTracer first, ServerCallTracer second)
      implements ServerCallTracer {
    @Override
    public void requestHeaders(Metadata headers) {
      first.requestHeaders(headers);
      second.requestHeaders(headers);
    }

    @Override
    public TelemetryScope enterHandler() {
      TelemetryScope a = first.enterHandler();
      TelemetryScope b = second.enterHandler();
      if (a == TelemetryScope.NONE) {
        return b;
      }
      if (b == TelemetryScope.NONE) {
        return a;
      }
      return () -> {
        b.close();
        a.close();
      };
    }

    @Override
    public void outboundMessage(long wireBytes) {
      first.outboundMessage(wireBytes);
      second.outboundMessage(wireBytes);
    }

    @Override
    public void inboundMessage(long wireBytes) {
      first.inboundMessage(wireBytes);
      second.inboundMessage(wireBytes);
    }

    @Override
    public void callEnded(Status status) {
      first.callEnded(status);
      second.callEnded(status);
    }
  }
}
