package dev.sluice.opentelemetry.peer;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;

/** Prints each span it is given as one line, for the test on the other side of the pipe. */
final class PrintingSpanExporter implements SpanExporter {

  private final PrintStream out;

  PrintingSpanExporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    synchronized (out) {
      for (SpanData s : spans) {
        out.println("span name=" + s.getName() + " trace=" + s.getTraceId()
            + " id=" + s.getSpanId() + " parent=" + s.getParentSpanId()
            + " status=" + s.getStatus().getStatusCode());
      }
      out.flush();
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return flush();
  }
}
