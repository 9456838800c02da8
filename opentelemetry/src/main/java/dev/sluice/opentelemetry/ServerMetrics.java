package dev.sluice.opentelemetry;

import dev.sluice.Status;
import dev.sluice.telemetry.ServerCallTracer;
import dev.sluice.telemetry.ServerTelemetry;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/** The server's A66 metrics, one {@link Call} per call. */
final class ServerMetrics implements ServerTelemetry {

  private final Instruments instruments;
  /** Labels by recorded method: registered methods and "other", so bounded by the server. */
  private final ConcurrentMap<String, MetricLabels> labels = new ConcurrentHashMap<>();

  ServerMetrics(Instruments instruments) {
    this.instruments = instruments;
  }

  @Override
  public ServerCallTracer newCall(String fullMethodName, boolean registered) {
    // Only methods added to the server are safe labels: anything else a client may send.
    String method = registered ? fullMethodName : "other";
    MetricLabels l = labels.get(method);
    if (l == null) {
      l = labels.computeIfAbsent(method, MetricLabels::server);
    }
    instruments.serverCallStarted.add(1, l.started);
    return new Call(l);
  }

  private static final AtomicLongFieldUpdater<Call> SENT =
      AtomicLongFieldUpdater.newUpdater(Call.class, "sent");
  private static final AtomicLongFieldUpdater<Call> RCVD =
      AtomicLongFieldUpdater.newUpdater(Call.class, "rcvd");

  private final class Call implements ServerCallTracer {
    private final long startNanos = System.nanoTime();
    private final MetricLabels labels;
    // Updated in place through SENT and RCVD: no AtomicLong objects per call.
    private volatile long sent;
    private volatile long rcvd;

    Call(MetricLabels labels) {
      this.labels = labels;
    }

    @Override
    public void outboundMessage(long wireBytes) {
      if (wireBytes > 0) {
        SENT.addAndGet(this, wireBytes);
      }
    }

    @Override
    public void inboundMessage(long wireBytes) {
      if (wireBytes > 0) {
        RCVD.addAndGet(this, wireBytes);
      }
    }

    @Override
    public void callEnded(Status status) {
      Attributes ended = labels.ended(status);
      instruments.serverCallDuration.record(
          Instruments.seconds(System.nanoTime() - startNanos), ended);
      instruments.serverCallSentSize.record(sent, ended);
      instruments.serverCallRcvdSize.record(rcvd, ended);
    }
  }
}
