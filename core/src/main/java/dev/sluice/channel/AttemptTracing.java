package dev.sluice.channel;

import dev.sluice.telemetry.AttemptKind;
import dev.sluice.telemetry.AttemptTracer;
import dev.sluice.telemetry.ClientCallTracer;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import java.util.Objects;

/**
 * Connects a call's {@link ClientCallTracer} to the attempts the channel runs for it. Exists
 * only for calls of a channel with telemetry installed: without one, the channel's streams hold
 * null and no hook runs.
 */
public final class AttemptTracing {

  private final ClientCallTracer call;
  private final boolean hedge;
  private long pickStartedNanos;
  private int attempts;
  private int lastPreviousAttempts;

  private AttemptTracing(ClientCallTracer call, boolean hedge) {
    this.call = Objects.requireNonNull(call, "call");
    this.hedge = hedge;
  }

  /**
   * Gives {@code stream} (from {@link ClientChannel#newStream}) the tracer of its call. Must be
   * called before the stream's first op; a stream of another kind is left alone.
   *
   * @param stream a stream of this channel's call transport
   * @param tracer the call's tracer, which makes one attempt tracer per attempt
   */
  public static void attach(TransportStream stream, ClientCallTracer tracer) {
    Objects.requireNonNull(tracer, "tracer");
    if (stream instanceof ChannelStream s) {
      s.tracing = new AttemptTracing(tracer, false);
    } else if (stream instanceof HedgingStream h) {
      h.tracer = tracer;
    }
  }

  /** The tracing of a hedging call's attempt stream; null when the call has no tracer. */
  static AttemptTracing ofHedge(ClientCallTracer tracer, boolean first) {
    return tracer == null ? null : new AttemptTracing(tracer, !first);
  }

  /** {@code s} asks the load balancer for a transport: its next attempt starts waiting. */
  static void pickStarting(ChannelStream s) {
    AttemptTracing t = s.tracing;
    if (t != null) {
      t.pickStarting();
    }
  }

  private synchronized void pickStarting() {
    pickStartedNanos = System.nanoTime();
  }

  /**
   * An attempt of the stream got {@code picked}: returns the transport its ops go through, which
   * tells the attempt's tracer what the attempt carries.
   */
  synchronized Transport attemptStarted(Transport picked, int previousAttempts) {
    AttemptKind kind;
    if (attempts == 0) {
      kind = hedge ? AttemptKind.HEDGE : AttemptKind.FIRST;
    } else if (previousAttempts == lastPreviousAttempts) {
      kind = AttemptKind.TRANSPARENT_RETRY; // a transparent retry keeps the attempt count
    } else {
      kind = AttemptKind.RETRY;
    }
    attempts++;
    lastPreviousAttempts = previousAttempts;
    long delay = pickStartedNanos == 0 ? 0 : Math.max(0, System.nanoTime() - pickStartedNanos);
    AttemptTracer tracer = call.attemptStarted(kind, delay);
    return new TracedTransport(picked, Objects.requireNonNull(tracer, "attempt tracer"));
  }
}
