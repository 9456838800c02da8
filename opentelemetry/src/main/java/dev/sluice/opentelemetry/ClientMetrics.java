package dev.sluice.opentelemetry;

import dev.sluice.MethodDescriptor;
import dev.sluice.Status;
import dev.sluice.telemetry.AttemptKind;
import dev.sluice.telemetry.AttemptTracer;
import dev.sluice.telemetry.ClientCallTracer;
import dev.sluice.telemetry.ClientTelemetry;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** The client's A66 metrics: one {@link Call} per call, one {@link Attempt} per attempt. */
final class ClientMetrics implements ClientTelemetry {

  private final Instruments instruments;
  private final Predicate<String> methodFilter;

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
    return new Call(name, target);
  }

  private final class Call implements ClientCallTracer {
    private final long startNanos = System.nanoTime();
    private final String method;
    private final String target;
    private final Attributes started;
    private final AtomicInteger attempts = new AtomicInteger();

    Call(String method, String target) {
      this.method = method;
      this.target = target;
      this.started = Attributes.of(Instruments.METHOD, method, Instruments.TARGET, target);
    }

    @Override
    public AttemptTracer attemptStarted(AttemptKind kind, long pickDelayNanos) {
      attempts.incrementAndGet();
      instruments.clientAttemptStarted.add(1, started);
      return new Attempt(this, System.nanoTime() - pickDelayNanos);
    }

    @Override
    public void callEnded(Status status) {
      long now = System.nanoTime();
      Attributes ended = ended(status);
      if (attempts.get() == 0) {
        // The call ended before any attempt got a transport (no connection, an expired
        // deadline): A66 still counts the attempt it made, with the call's status.
        instruments.clientAttemptStarted.add(1, started);
        instruments.clientAttemptDuration.record(Instruments.seconds(now - startNanos), ended);
        instruments.clientAttemptSentSize.record(0, ended);
        instruments.clientAttemptRcvdSize.record(0, ended);
      }
      instruments.clientCallDuration.record(Instruments.seconds(now - startNanos), ended);
    }

    Attributes ended(Status status) {
      return Attributes.of(Instruments.METHOD, method, Instruments.TARGET, target,
          Instruments.STATUS, status.code().name());
    }
  }

  private final class Attempt implements AttemptTracer {
    private final Call call;
    private final long startNanos;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rcvd = new AtomicLong();

    Attempt(Call call, long startNanos) {
      this.call = call;
      this.startNanos = startNanos;
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
    public void attemptEnded(Status status) {
      Attributes ended = call.ended(status);
      instruments.clientAttemptDuration.record(
          Instruments.seconds(System.nanoTime() - startNanos), ended);
      instruments.clientAttemptSentSize.record(sent.get(), ended);
      instruments.clientAttemptRcvdSize.record(rcvd.get(), ended);
    }
  }
}
