package dev.sluice.opentelemetry;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.telemetry.ServerCallTracer;
import dev.sluice.telemetry.ServerTelemetry;
import dev.sluice.telemetry.TelemetryScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * The server's spans: {@code Recv.<method>} for each call, a child of the context the client's
 * request headers carry (extracted with the configured propagator, baggage included). That
 * context with the span is current while the application's handler code runs.
 */
final class ServerTracing implements ServerTelemetry {

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final boolean messageEvents;
  private final MethodSpans.Cache methods = new MethodSpans.Cache();

  ServerTracing(Tracer tracer, TextMapPropagator propagator, boolean messageEvents) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.messageEvents = messageEvents;
  }

  @Override
  public ServerCallTracer newCall(String fullMethodName, boolean registered) {
    // Traces name every method as asked: a span's name is no metric label. Only registered
    // methods are cached, so names a client makes up cannot fill the cache.
    return new Call(registered ? methods.get(fullMethodName) : MethodSpans.of(fullMethodName));
  }

  private final class Call implements ServerCallTracer {
    private final MethodSpans names;
    /** The span and its context, once the headers came (or the call ended without them). */
    private Span span;
    private volatile Context context;
    private boolean ended;
    private volatile long sent;
    private volatile long received;

    Call(MethodSpans names) {
      this.names = names;
    }

    @Override
    public void requestHeaders(Metadata headers) {
      Context remote = propagator.extract(Context.root(), headers, MetadataCarrier.GETTER);
      start(remote);
    }

    private synchronized Span start(Context parent) {
      if (span == null) {
        span = tracer.spanBuilder(names.recv)
            .setAllAttributes(names.rpc)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
        context = parent.with(span);
      }
      return span;
    }

    @Override
    public TelemetryScope enterHandler() {
      Context c = context;
      if (c == null) {
        return TelemetryScope.NONE;
      }
      Scope scope = c.makeCurrent();
      return scope::close;
    }

    @Override
    public void outboundMessage(long wireBytes) {
      if (messageEvents) {
        Spans.message(start(Context.root()), Spans.OUTBOUND, sent++,
            Spans.MESSAGE_SIZE_COMPRESSED, wireBytes);
      }
    }

    @Override
    public void inboundMessage(long wireBytes) {
      if (messageEvents) {
        Spans.message(start(Context.root()), Spans.INBOUND, received++,
            Spans.MESSAGE_SIZE_COMPRESSED, wireBytes);
      }
    }

    @Override
    public void callEnded(Status status) {
      Span s;
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
        // A call reset before its headers arrived still gets its span, with no remote parent.
        s = start(Context.root());
      }
      Spans.end(s, status);
    }
  }
}
