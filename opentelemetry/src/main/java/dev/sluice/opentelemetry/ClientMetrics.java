package dev.sluice.opentelemetry;

import dev.sluice.MethodDescriptor;
import dev.sluice.Status;
import dev.sluice.telemetry.AttemptKind;
import dev.sluice.telemetry.AttemptTracer;
import dev.sluice.telemetry.ClientCallTracer;
import dev.sluice.telemetry.ClientTelemetry;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Predicate;

/** The client's A66 metrics: one {@link Call} per call, one {@link Attempt} per attempt. */
final class ClientMetrics implements ClientTelemetry {

  private final Instruments instruments;
  private final Predicate<String> methodFilter;
  /**
   * Labels by target, then by recorded method name. Bounded: a channel has one target, and the
   * names are generated methods, names the filter accepts, or "other".
   */
  private final ConcurrentMap<String, ConcurrentMap<String, MetricLabels>> labels =
      new ConcurrentHashMap<>();

  ClientMetrics(Instruments instruments, Predicate<String> methodFilter) {
    this.instruments = instruments;
    this.methodFilter = methodFilter;
  }

  @Override
  public ClientCallTracer newCall(MethodDescriptor<?, ?> method, String target) {
    // Generated stubs give their methods a schema descriptor; other names could be anything a
    // caller makes up, so they are "other" unless the filter accepts them (A66 cardinality).
    String name = method.schemaDescriptor() != null || methodFilter.test(method.fullName())
        ? method.fullName() : "other";
    return new Call(labels(name, target));
  }

  /** The cached labels; plain gets first, so a hit allocates nothing (not even a lambda). */
  private MetricLabels labels(String method, String target) {
    ConcurrentMap<String, MetricLabels> byMethod = labels.get(target);
    if (byMethod == null) {
      byMethod = labels.computeIfAbsent(target, t -> new ConcurrentHashMap<>());
    }
    MetricLabels l = byMethod.get(method);
    if (l == null) {
      l = byMethod.computeIfAbsent(method, m -> MetricLabels.client(m, target));
    }
    return l;
  }

  private static final AtomicIntegerFieldUpdater<Call> ATTEMPTS =
      AtomicIntegerFieldUpdater.newUpdater(Call.class, "attempts");

  private final class Call implements ClientCallTracer {
    private final long startNanos = System.nanoTime();
    private final MetricLabels labels;
    private volatile int attempts;

    Call(MetricLabels labels) {
      this.labels = labels;
    }

    @Override
    public AttemptTracer attemptStarted(AttemptKind kind, long pickDelayNanos) {
      ATTEMPTS.incrementAndGet(this);
      instruments.clientAttemptStarted.add(1, labels.started);
      return new Attempt(labels, System.nanoTime() - pickDelayNanos);
    }

    @Override
    public void callEnded(Status status) {
      long now = System.nanoTime();
      Attributes ended = labels.ended(status);
      if (attempts == 0) {
        // The call ended before any attempt got a transport (no connection, an expired
        // deadline): A66 still counts the attempt it made, with the call's status.
        instruments.clientAttemptStarted.add(1, labels.started);
        instruments.clientAttemptDuration.record(Instruments.seconds(now - startNanos), ended);
        instruments.clientAttemptSentSize.record(0, ended);
        instruments.clientAttemptRcvdSize.record(0, ended);
      }
      instruments.clientCallDuration.record(Instruments.seconds(now - startNanos), ended);
    }
  }

  private static final AtomicLongFieldUpdater<Attempt> SENT =
      AtomicLongFieldUpdater.newUpdater(Attempt.class, "sent");
  private static final AtomicLongFieldUpdater<Attempt> RCVD =
      AtomicLongFieldUpdater.newUpdater(Attempt.class, "rcvd");

  private final class Attempt implements AttemptTracer {
    private final MetricLabels labels;
    private final long startNanos;
    // Updated in place through SENT and RCVD: no AtomicLong objects per attempt.
    private volatile long sent;
    private volatile long rcvd;

    Attempt(MetricLabels labels, long startNanos) {
      this.labels = labels;
      this.startNanos = startNanos;
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
    public void attemptEnded(Status status) {
      Attributes ended = labels.ended(status);
      instruments.clientAttemptDuration.record(
          Instruments.seconds(System.nanoTime() - startNanos), ended);
      instruments.clientAttemptSentSize.record(sent, ended);
      instruments.clientAttemptRcvdSize.record(rcvd, ended);
    }
  }
}
