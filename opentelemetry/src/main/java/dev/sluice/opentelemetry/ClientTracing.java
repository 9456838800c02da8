package dev.sluice.opentelemetry;

import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.Status;
import dev.sluice.telemetry.AttemptKind;
import dev.sluice.telemetry.AttemptTracer;
import dev.sluice.telemetry.ClientCallTracer;
import dev.sluice.telemetry.ClientTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client's spans: {@code Sent.<method>} for each call, a child of the context current where
 * the application created the call, and {@code Attempt.<method>} under it for each attempt, whose
 * context goes into the attempt's request headers through the configured propagator.
 */
final class ClientTracing implements ClientTelemetry {

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final boolean messageEvents;
  private final MethodSpans.Cache methods = new MethodSpans.Cache();

  ClientTracing(Tracer tracer, TextMapPropagator propagator, boolean messageEvents) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.messageEvents = messageEvents;
  }

  @Override
  public ClientCallTracer newCall(MethodDescriptor<?, ?> method, String target) {
    // Called on the application's thread: its current context is the call's parent.
    Context parent = Context.current();
    MethodSpans names = methods.get(method.fullName());
    Span span = tracer.spanBuilder(names.sent)
        .setAllAttributes(names.rpc)
        .setParent(parent)
        .startSpan();
    return new Call(parent, span, names);
  }

  private final class Call implements ClientCallTracer {
    private final Context parent;
    private final Context withSpan;
    private final Span span;
    private final MethodSpans names;
    /** Attempts other than transparent retries so far, as grpc-previous-rpc-attempts counts. */
    private int counted;
    // One writer at a time per direction (the hook contract); volatile for the thread changes.
    private volatile long sent;
    private volatile long received;

    Call(Context parent, Span span, MethodSpans names) {
      this.parent = parent;
      this.withSpan = parent.with(span);
      this.span = span;
      this.names = names;
    }

    @Override
    public AttemptTracer attemptStarted(AttemptKind kind, long pickDelayNanos) {
      boolean transparent = kind == AttemptKind.TRANSPARENT_RETRY;
      long previous;
      synchronized (this) {
        // A transparent retry stands in for an attempt already counted.
        previous = transparent ? Math.max(0, counted - 1) : counted++;
      }
      Span attempt = tracer.spanBuilder(names.attempt)
          .setAllAttributes(names.rpc)
          .setParent(withSpan)
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute(Spans.PREVIOUS_ATTEMPTS, previous)
          .setAttribute(Spans.TRANSPARENT_RETRY, transparent)
          .startSpan();
      // The attempt's own context, with the application's baggage, is what the server sees.
      return new Attempt(attempt, parent.with(attempt));
    }

    @Override
    public void outboundMessage(long uncompressedBytes) {
      if (messageEvents) {
        Spans.message(span, Spans.OUTBOUND, sent++, Spans.MESSAGE_SIZE, uncompressedBytes);
      }
    }

    @Override
    public void inboundMessage(long uncompressedBytes) {
      if (messageEvents) {
        Spans.message(span, Spans.INBOUND, received++, Spans.MESSAGE_SIZE, uncompressedBytes);
      }
    }

    @Override
    public void callEnded(Status status) {
      Spans.end(span, status);
    }
  }

  private final class Attempt implements AttemptTracer {
    private final Span span;
    private final Context context;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long sent;
    private volatile long received;

    Attempt(Span span, Context context) {
      this.span = span;
      this.context = context;
    }

    @Override
    public Metadata requestHeaders(Metadata headers) {
      if (propagator == TextMapPropagator.noop()) {
        return headers; // nothing would be written: skip the carrier
      }
      return MetadataCarrier.inject(propagator, context, headers);
    }

    @Override
    public void outboundMessage(long wireBytes) {
      if (messageEvents) {
        Spans.message(span, Spans.OUTBOUND, sent++, Spans.MESSAGE_SIZE_COMPRESSED, wireBytes);
      }
    }

    @Override
    public void inboundMessage(long wireBytes) {
      if (messageEvents) {
        Spans.message(span, Spans.INBOUND, received++, Spans.MESSAGE_SIZE_COMPRESSED,
            wireBytes);
      }
    }

    @Override
    public void attemptEnded(Status status) {
      if (ended.compareAndSet(false, true)) {
        Spans.end(span, status);
      }
    }
  }
}
