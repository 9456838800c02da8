package dev.sluice.opentelemetry;

import dev.sluice.Status;
import dev.sluice.telemetry.ServerCallTracer;
import dev.sluice.telemetry.ServerTelemetry;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.AtomicLong;

/** The server's A66 metrics, one {@link Call} per call. */
final class ServerMetrics implements ServerTelemetry {

  private final Instruments instruments;

  ServerMetrics(Instruments instruments) {
    this.instruments = instruments;
  }

  @Override
  public ServerCallTracer newCall(String fullMethodName, boolean registered) {
    // Only methods added to the server are safe labels: anything else a client may send.
    String method = registered ? fullMethodName : "other";
    instruments.serverCallStarted.add(1, Attributes.of(Instruments.METHOD, method));
    return new Call(method);
  }

  private final class Call implements ServerCallTracer {
    private final long startNanos = System.nanoTime();
    private final String method;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rcvd = new AtomicLong();

    Call(String method) {
      this.method = method;
    }

    @Override
    public void outboundMessage(long wireBytes) {
      if (wireBytes > 0) {
        sent.addAndGet(wireBytes);
      }
    }

    @Override
    public void inboundMessage(long wireBytes) {
      if (wireBytes > 0) {
        rcvd.addAndGet(wireBytes);
      }
    }

    @Override
    public void callEnded(Status status) {
      Attributes ended = Attributes.of(Instruments.METHOD, method,
          Instruments.STATUS, status.code().name());
      instruments.serverCallDuration.record(
          Instruments.seconds(System.nanoTime() - startNanos), ended);
      instruments.serverCallSentSize.record(sent.get(), ended);
      instruments.serverCallRcvdSize.record(rcvd.get(), ended);
    }
  }
}
