package dev.sluice;

import dev.sluice.filter.BatchSink;
import dev.sluice.filter.CallInfo;
import dev.sluice.filter.Filter;
import dev.sluice.telemetry.ClientCallTracer;
import dev.sluice.telemetry.ServerCallTracer;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters through which a call's tracer sees the call, added to the call's stack only when
 * telemetry is installed. The client's goes first, above compression (the application's
 * messages, uncompressed, and the status the application gets); the server's goes last, below
 * compression (messages as on the wire).
 */
final class CallTelemetry {

  private CallTelemetry() {}

  /** {@code filters} with {@code tracer}'s filter first. */
  static List<Filter> client(ClientCallTracer tracer, List<Filter> filters) {
    List<Filter> all = new ArrayList<>(filters.size() + 1);
    all.add((info, next) -> new ClientSink(tracer, next));
    all.addAll(filters);
    return all;
  }

  /** {@code filters} with {@code tracer}'s filter last. */
  static List<Filter> server(ServerCallTracer tracer, List<Filter> filters) {
    List<Filter> all = new ArrayList<>(filters.size() + 1);
    all.addAll(filters);
    all.add((CallInfo info, BatchSink next) -> new ServerSink(tracer, next));
    return all;
  }

  /** One client call's view; the callback of its receive ops in front of the real ones. */
  private static final class ClientSink implements BatchSink, StreamOpBatch.MessageReady,
      StreamOpBatch.TrailingMetadataReady {
    private final ClientCallTracer tracer;
    private final BatchSink next;
    private volatile StreamOpBatch.MessageReady upMessage;
    private volatile StreamOpBatch.TrailingMetadataReady upTrailers;

    ClientSink(ClientCallTracer tracer, BatchSink next) {
      this.tracer = tracer;
      this.next = next;
    }

    @Override
    public void startBatch(StreamOpBatch batch) {
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
      next.startBatch(batch);
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
      tracer.callEnded(status);
      upTrailers.ready(trailers, status);
    }
  }

  /**
   * One server call's view. The call ends when its stream closes: with the status its trailers
   * carried when it closed normally, else with why it was cancelled or reset.
   */
  private static final class ServerSink implements BatchSink, StreamOpBatch.MessageReady,
      StreamOpBatch.TrailingMetadataReady {
    private final ServerCallTracer tracer;
    private final BatchSink next;
    private volatile StreamOpBatch.MessageReady upMessage;
    private volatile StreamOpBatch.TrailingMetadataReady upTrailers;
    private volatile Status sent;

    ServerSink(ServerCallTracer tracer, BatchSink next) {
      this.tracer = tracer;
      this.next = next;
    }

    @Override
    public void startBatch(StreamOpBatch batch) {
      if (batch.hasSendMessage()) {
        tracer.outboundMessage(batch.sendMessage().knownLength());
      }
      if (batch.hasSendTrailingMetadata()) {
        sent = batch.sendStatus();
      }
      if (batch.hasRecvMessage()) {
        upMessage = batch.recvMessageReady();
        batch.recvMessage(this);
      }
      if (batch.hasRecvTrailingMetadata()) {
        upTrailers = batch.recvTrailingMetadataReady();
        batch.recvTrailingMetadata(this);
      }
      next.startBatch(batch);
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
      Status s = sent;
      tracer.callEnded(status.isOk() && s != null ? s : status);
      upTrailers.ready(trailers, status);
    }
  }
}
