package dev.sluice.channel;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.telemetry.AttemptTracer;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transport as one traced attempt uses it: every op of the attempt's stream passes here (the
 * send log's, the passthrough's, the cancel and the destroy), so the attempt's tracer sees its
 * request headers (and may add to them), each message as it goes on the wire and arrives, and the
 * attempt's end. It is itself the callback of
 * the attempt's receive ops, in front of the real one: a stream has at most one of each pending.
 */
final class TracedTransport implements Transport, StreamOpBatch.MessageReady,
    StreamOpBatch.TrailingMetadataReady {

  private final Transport delegate;
  private final AttemptTracer tracer;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile StreamOpBatch.MessageReady upMessage;
  private volatile StreamOpBatch.TrailingMetadataReady upTrailers;

  TracedTransport(Transport delegate, AttemptTracer tracer) {
    this.delegate = delegate;
    this.tracer = tracer;
  }

  @Override
  public void performStreamOp(TransportStream stream, StreamOpBatch batch) {
    if (batch.hasSendInitialMetadata()) {
      // The batch is this attempt's own (a retry builds a new one), its metadata maybe not: the
      // tracer returns a copy when it adds to it.
      Metadata headers = batch.sendInitialMetadata();
      Metadata traced = tracer.requestHeaders(headers);
      if (traced != headers) {
        batch.sendInitialMetadata(traced);
      }
    }
    if (batch.hasSendMessage()) {
      tracer.outboundMessage(batch.sendMessage().knownLength());
    }
    if (batch.hasRecvMessage()) {
      upMessage = batch.recvMessageReady();
      batch.recvMessage(this);
    }
    if (batch.hasRecvTrailingMetadata()) {
      upTrailers = batch.recvTrailingMetadataReady();
      batch.recvTrailingMetadata(this);
    }
    delegate.performStreamOp(stream, batch);
  }

  @Override
  public void ready(Message message) {
    if (message != null) {
      tracer.inboundMessage(message.knownLength());
    }
    upMessage.ready(message);
  }

  @Override
  public void ready(Metadata trailers, Status status) {
    end(status);
    upTrailers.ready(trailers, status);
  }

  private void end(Status status) {
    if (ended.compareAndSet(false, true)) {
      tracer.attemptEnded(status);
    }
  }

  @Override
  public void destroyStream(TransportStream stream) {
    end(Status.CANCELLED.withDescription("The attempt's stream was released before it ended"));
    delegate.destroyStream(stream);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean isClient() {
    return delegate.isClient();
  }

  @Override
  public TransportStream initStream(CallHead head) {
    return delegate.initStream(head);
  }

  @Override
  public void performTransportOp(TransportOp op) {
    delegate.performTransportOp(op);
  }

  @Override
  public void shutdown(Status status) {
    delegate.shutdown(status);
  }

  @Override
  public void close(Status status) {
    delegate.close(status);
  }

  @Override
  public CompletableFuture<Void> terminationFuture() {
    return delegate.terminationFuture();
  }

  @Override
  public Endpoint endpoint() {
    return delegate.endpoint();
  }
}
