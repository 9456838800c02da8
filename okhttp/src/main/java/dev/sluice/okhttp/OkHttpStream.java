package dev.sluice.okhttp;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.StreamStats;
import dev.sluice.transport.TransportStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.Protocol;

/**
 * One call on an {@link OkHttpTransport}: the batch contract ({@link StreamOpBatch}) kept on the
 * transport's serializer, over an OkHttp call whose blocking halves run on I/O threads ({@link
 * ResponseReader}, {@link RequestWriter}).
 *
 * <p>Every field is touched only on the serializer, except where marked; the I/O threads report
 * through the {@code on*} methods, which hop onto it. Callbacks run there, never inside {@code
 * performStreamOp}.
 */
final class OkHttpStream implements TransportStream {

  private final OkHttpTransport transport;
  final CallHead head;
  private final StreamStats stats = new StreamStats();
  private final RequestWriter writer = new RequestWriter(this);

  private Call call;
  private ResponseReader reader;
  private boolean readerRunning;
  private ScheduledFuture<?> deadlineTimer;
  private SendOp headersOp;
  private Metadata requestMetadata;
  private final List<SendOp> sends = new ArrayList<>();
  /** Set when a write failed: later sends fail with it (the reader decides the call's status). */
  private Status writeFailure;

  private Metadata responseHeaders;
  private boolean headersKnown;
  private Message readAhead;
  /** The call's status once known: from the server, or why it failed. */
  private Status finalStatus;
  private Metadata finalTrailers;
  private boolean endedByServer;
  private boolean reportedDone;
  /** Set by OkHttp's event listener (an I/O thread) once the call has a connection. */
  private volatile boolean connected;

  private StreamOpBatch.InitialMetadataReady recvInitial;
  private StreamOpBatch.MessageReady recvMessage;
  private StreamOpBatch.TrailingMetadataReady recvTrailing;

  OkHttpStream(OkHttpTransport transport, CallHead head) {
    this.transport = transport;
    this.head = head;
  }

  @Override
  public boolean isClient() {
    return true;
  }

  @Override
  public StreamStats stats() {
    return stats;
  }

  // ---- ops, on the serializer ----

  void perform(StreamOpBatch batch) {
    int sendOps = (batch.hasSendInitialMetadata() ? 1 : 0) + (batch.hasSendMessage() ? 1 : 0)
        + (batch.hasSendTrailingMetadata() ? 1 : 0);
    SendOp.Barrier barrier = new SendOp.Barrier(sendOps, batch.onComplete());
    if (batch.hasCancel()) {
      fail(batch.cancelStatus());
    }
    if (batch.hasRecvInitialMetadata()) {
      recvInitial = batch.recvInitialMetadataReady();
    }
    if (batch.hasRecvMessage()) {
      recvMessage = batch.recvMessageReady();
    }
    if (batch.hasRecvTrailingMetadata()) {
      recvTrailing = batch.recvTrailingMetadataReady();
    }
    if (batch.hasSendInitialMetadata()) {
      startCall(batch.sendInitialMetadata(), new SendOp(SendOp.Kind.HEADERS, null, 0, barrier));
    }
    if (batch.hasSendMessage()) {
      send(new SendOp(SendOp.Kind.MESSAGE, batch.sendMessage(), batch.sendMessageFlags(),
          barrier));
    }
    if (batch.hasSendTrailingMetadata()) {
      send(new SendOp(SendOp.Kind.HALF_CLOSE, null, 0, barrier));
    }
    barrier.arrive(Status.OK);
    deliver();
  }

  /** Fails the stream now with {@code status} unless it already ended; cancels the call. */
  void fail(Status status) {
    if (finalStatus != null) {
      return; // already over: a cancel after the end changes nothing
    }
    finalStatus = status;
    finalTrailers = new Metadata();
    if (readAhead != null) {
      readAhead.release();
      readAhead = null;
    }
    headersKnown = true;
    if (call != null) {
      call.cancel(); // RST_STREAM(CANCEL) on the wire, once OkHttp has opened the stream
    }
    ended();
  }

  private void startCall(Metadata md, SendOp op) {
    if (finalStatus != null) {
      op.finish(failureOrClosed());
      return;
    }
    if (head.deadline() != null && head.deadline().isExpired()) {
      op.finish(Status.DEADLINE_EXCEEDED);
      fail(Status.DEADLINE_EXCEEDED.withDescription("Deadline passed before the call started"));
      return;
    }
    headersOp = op;
    requestMetadata = md;
    if (head.deadline() != null) {
      long nanos = head.deadline().timeRemaining(TimeUnit.NANOSECONDS);
      deadlineTimer = IoThreads.timers().schedule(() -> transport.serial().execute(
          () -> fail(Status.DEADLINE_EXCEEDED.withDescription("Deadline passed after "
              + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms"))), nanos, TimeUnit.NANOSECONDS);
    }
    if (transport.acquireSlot(this)) {
      launch();
    }
  }

  /** True when the stream still wants its call started (it may have failed while waiting). */
  boolean launchable() {
    return finalStatus == null;
  }

  /** Serializer: starts the OkHttp call; the stream holds one of the transport's call slots. */
  void launch() {
    call = transport.newCall(this, requestMetadata, writer);
    reader = new ResponseReader(this, call, transport.maxInboundMessageSize());
    readerRunning = true;
    IoThreads.shared().execute(reader);
    for (SendOp queued : sends) {
      writer.enqueue(queued);
    }
  }

  private void send(SendOp op) {
    if (finalStatus != null || writeFailure != null) {
      // After the server's end a send finishes without effect (the call is over); after a
      // failure it fails with it.
      op.drop(finalStatus != null ? afterEnd() : writeFailure);
      return;
    }
    sends.add(op);
    if (call != null) {
      writer.enqueue(op);
    }
  }

  /**
   * What a send that comes (or is still queued) after the end finishes with: OK, without effect,
   * when the server ended the call with OK before the client was done sending (gRPC lets a
   * server answer early); else the call's failure.
   */
  private Status afterEnd() {
    return endedByServer && finalStatus.isOk() ? Status.OK : finalStatus;
  }

  private Status failureOrClosed() {
    return endedByServer ? Status.UNAVAILABLE.withDescription("The call has already ended")
        : finalStatus;
  }

  /** The stream's status is known: finish the sends, stop the I/O, tell the transport. */
  private void ended() {
    Status sendStatus = afterEnd();
    if (headersOp != null) {
      headersOp.finish(endedByServer ? Status.OK : finalStatus);
    }
    for (SendOp op : sends) {
      op.drop(sendStatus);
    }
    sends.clear();
    writer.stop(endedByServer);
    if (reader != null) {
      reader.stop();
    }
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
    }
    deliver();
    maybeDone();
  }

  /** Runs every recv callback whose answer is known. */
  private void deliver() {
    if (recvInitial != null && headersKnown) {
      StreamOpBatch.InitialMetadataReady r = recvInitial;
      recvInitial = null;
      r.ready(responseHeaders);
    }
    if (recvMessage != null) {
      if (readAhead != null) {
        StreamOpBatch.MessageReady r = recvMessage;
        Message m = readAhead;
        recvMessage = null;
        readAhead = null;
        stats.recordMessageReceived();
        if (finalStatus == null) {
          reader.allowNext();
        }
        r.ready(m);
      } else if (finalStatus != null) {
        StreamOpBatch.MessageReady r = recvMessage;
        recvMessage = null;
        r.ready(null);
      }
    }
    if (recvTrailing != null && finalStatus != null && readAhead == null) {
      StreamOpBatch.TrailingMetadataReady r = recvTrailing;
      recvTrailing = null;
      r.ready(finalTrailers, finalStatus);
    }
  }

  /** Destroy: cancel if still running; the transport forgets the stream. */
  void destroy() {
    if (finalStatus == null) {
      fail(Status.CANCELLED.withDescription("Stream destroyed before it ended"));
    }
    if (readAhead != null) {
      readAhead.release();
      readAhead = null;
    }
    maybeDone();
  }

  private void maybeDone() {
    if (!reportedDone && finalStatus != null && !readerRunning) {
      reportedDone = true;
      transport.streamDone(this);
    }
  }

  // ---- reports from the I/O threads (any thread) ----

  void onHeadersSent() {
    Headers sent = call.request().headers();
    transport.serial().execute(() -> {
      stats.recordSent(GrpcWire.headerListSize(sent), 0, 0);
      if (headersOp != null) {
        headersOp.finish(Status.OK);
      }
    });
  }

  void onSendWritten(SendOp op, long bytes) {
    transport.serial().execute(() -> {
      if (op.kind == SendOp.Kind.MESSAGE) {
        stats.recordSent(0, bytes, 0);
        stats.recordMessageSent();
      } else {
        stats.recordSent(0, 0, 0);
      }
      sends.remove(op);
      op.finish(Status.OK);
    });
  }

  void onSendFailed(SendOp op, Exception e) {
    transport.serial().execute(() -> {
      sends.remove(op);
      if (finalStatus != null) {
        op.finish(afterEnd());
        return;
      }
      if (ResetCodes.isNoError(e)) {
        // The server ended the call before we finished sending (RST_STREAM NO_ERROR after its
        // trailers): sends finish without effect; the reader brings the status.
        op.finish(Status.OK);
        writeFailure = Status.OK;
      } else {
        writeFailure = ResetCodes.statusOf(e, transport.target());
        op.finish(writeFailure);
      }
      for (SendOp rest : sends) {
        rest.drop(writeFailure);
      }
      sends.clear();
    });
  }

  /**
   * The response head. Returns true (on the reader's thread) when it is the whole answer: a
   * trailers-only response, or one that is not gRPC, so there is no body to read.
   */
  boolean onResponse(Protocol protocol, int httpStatus, Headers headers) {
    String problem = protocol != Protocol.HTTP_2 && protocol != Protocol.H2_PRIOR_KNOWLEDGE
        ? "the server spoke " + protocol + ", not HTTP/2"
        : GrpcWire.problemWithHead(httpStatus, headers.get("content-type"));
    boolean trailersOnly = problem == null && headers.get("grpc-status") != null;
    transport.serial().execute(() -> {
      stats.recordReceived(GrpcWire.headerListSize(headers), 0, 0);
      if (finalStatus != null) {
        return;
      }
      if (problem != null) {
        Status s = headers.get("grpc-status") != null && httpStatus == 200
            ? GrpcWire.status(headers, httpStatus)
            : httpStatus != 200 ? GrpcWire.fromHttpStatus(httpStatus)
            : Status.UNKNOWN.withDescription("Not a gRPC answer: " + problem);
        fail(s);
      } else if (trailersOnly) {
        headersKnown = true;
        endedByServer = true;
        finalStatus = GrpcWire.status(headers, httpStatus);
        finalTrailers = GrpcWire.metadata(headers);
        ended();
      } else {
        responseHeaders = GrpcWire.metadata(headers);
        headersKnown = true;
        deliver();
      }
    });
    return problem != null || trailersOnly;
  }

  void onMessage(byte[] bytes, boolean compressed) {
    transport.serial().execute(() -> {
      stats.recordReceived(0, 5L + bytes.length, 0);
      if (finalStatus != null) {
        return;
      }
      readAhead = Message.ofBytes(bytes, compressed);
      deliver();
    });
  }

  void onEnd(Headers trailers) {
    transport.serial().execute(() -> {
      if (trailers.size() > 0) {
        stats.recordReceived(GrpcWire.headerListSize(trailers), 0, 0);
      }
      if (finalStatus != null) {
        return;
      }
      endedByServer = true;
      finalStatus = GrpcWire.status(trailers, 200);
      finalTrailers = GrpcWire.metadata(trailers);
      ended();
    });
  }

  void onTooLarge(long length, int limit) {
    transport.serial().execute(() -> fail(Status.RESOURCE_EXHAUSTED.withDescription(
        "Received a message of " + length + " bytes, more than the transport's limit of "
            + limit + " bytes (OkHttpTransportFactory.Builder.maxInboundMessageSize)")));
  }

  void onReadFailure(Exception e) {
    boolean connected = this.connected;
    transport.serial().execute(() -> {
      if (finalStatus != null) {
        return;
      }
      Status s = ResetCodes.statusOf(e, transport.target());
      if (ResetCodes.isRefused(e)) {
        stats.markUnprocessed();
        transport.streamRefused(s);
      }
      if (!connected) {
        transport.connectFailed(s);
      }
      fail(s);
    });
  }

  void onReaderExit() {
    transport.serial().execute(() -> {
      readerRunning = false;
      transport.releaseSlot();
      maybeDone();
    });
  }

  /** From OkHttp's event listener: the call has its connection. */
  void onConnectionAcquired(OkHttpEndpoint endpoint) {
    connected = true;
    stats.endpoint(endpoint);
  }
}
