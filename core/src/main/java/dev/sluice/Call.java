package dev.sluice;

import dev.sluice.filter.BatchSink;
import dev.sluice.filter.CallInfo;
import dev.sluice.filter.Filter;
import dev.sluice.filter.FilterChain;
import dev.sluice.telemetry.ServerCallTracer;
import dev.sluice.telemetry.TelemetryScope;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.StreamStats;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One RPC, on the client or the server: the core's low-level call API. Start {@link Batch}es of
 * operations with {@link #startBatch(Batch, CompletionQueue, Object)} (completion reported on a
 * {@link CompletionQueue}) or {@link #startBatch(Batch, BatchCallback)} (completion reported to a
 * callback).
 *
 * <p>At most one op of each kind may be in flight: one send message, one receive message; initial
 * metadata, the final send (half-close or status) and the final receive each happen once. A batch
 * that breaks these rules is rejected whole — it completes with {@code ok == false} and
 * {@link Batch#error()} saying why — and the call goes on unharmed.
 *
 * <p>Metadata keys that gRPC reserves for itself ({@link Metadata#isReserved}) are dropped from
 * what the application sends. A message sent before any initial metadata sends empty initial
 * metadata first. Thread-safe.
 */
public final class Call {

  private final boolean client;
  private final MethodDescriptor<?, ?> method;
  private final CallHead head;
  private final Transport transport;
  private final TransportStream stream;
  private final ScheduledExecutorService scheduler;
  private final BatchSink top;
  private final CompletableFuture<Status> done = new CompletableFuture<>();
  private final CallValues values = new CallValues();
  private volatile Metadata requestHeaders;
  /** Client: the server's initial metadata (null inside when the call ended without any). */
  private final CompletableFuture<Metadata> peerHeaders;
  /** The peer's trailers, set when the call ends (before {@link #done} completes). */
  private volatile Metadata finalTrailers;
  /** Server: the call's telemetry, set before the call starts; null without. */
  private ServerCallTracer telemetry;
  /** The message encoding this side asked for (grpc-encoding), or null for none. */
  private volatile String compression;

  private final Object lock = new Object();
  /** The status the call ended with, once it has; guarded by {@link #lock}. */
  private Status finalStatus;
  /** What {@link #onDone} registered before the call ended ({@link DoneActions}); {@link #lock}. */
  private Object doneActions;
  /** Which ops are in flight or done ({@link BatchSlots}); guarded by {@link #lock}. */
  private final BatchSlots slots;
  private int outstandingBatches;
  private boolean destroyed;

  private Call(boolean client, MethodDescriptor<?, ?> method, CallHead head, Transport transport,
      TransportStream stream, List<Filter> filters, ScheduledExecutorService scheduler,
      Status failedBeforeStart) {
    this.client = client;
    this.method = method;
    this.head = head;
    this.transport = transport;
    this.stream = stream;
    this.scheduler = scheduler;
    this.slots = new BatchSlots(client);
    // Only a client waits for the peer's headers; a server has them before its call starts.
    this.peerHeaders = client ? new CompletableFuture<>() : null;
    BatchSink bottom = failedBeforeStart != null
        ? batch -> scheduler.execute(() -> batch.failWith(failedBeforeStart))
        : batch -> transport.performStreamOp(stream, batch);
    this.top = FilterChain.build(filters, new CallInfo(client, head, scheduler, values), bottom);
  }

  /** A client call on {@code stream}, which {@code transport} runs; used by {@link Channel}. */
  static Call client(Transport transport, TransportStream stream, MethodDescriptor<?, ?> method,
      CallHead head, List<Filter> filters, ScheduledExecutorService scheduler,
      String compression) {
    Call call = new Call(true, method, head, transport, stream, filters, scheduler, null);
    call.compression = compression;
    call.watchFinal(call.peerHeaders::complete);
    return call;
  }

  /** A client call that failed before it could open a stream (an expired deadline, say). */
  static Call failedClient(MethodDescriptor<?, ?> method, CallHead head, Status status,
      ScheduledExecutorService scheduler) {
    Call call = new Call(true, method, head, null, null, List.of(), scheduler, status);
    call.watchFinal(call.peerHeaders::complete);
    return call;
  }

  /**
   * A server call for an accepted stream; used by {@link Server}. {@code telemetry} is the
   * call's tracer, or null. {@code onHeaders} runs with the request headers once they arrive, or
   * null if the call ended before they did.
   */
  static Call server(Transport transport, TransportStream stream, CallHead head,
      MethodDescriptor<?, ?> method, List<Filter> filters, ScheduledExecutorService scheduler,
      ServerCallTracer telemetry, Consumer<Metadata> onHeaders) {
    Call call = new Call(false, method, head, transport, stream, filters, scheduler, null);
    call.telemetry = telemetry;
    call.watchFinal(headers -> {
      call.requestHeaders = headers;
      onHeaders.accept(headers);
    });
    return call;
  }

  /**
   * Asks for the call's end and the peer's headers as soon as the call starts, so every layer
   * (compression, say) sees them whatever the application asks for; the application's own
   * recvInitialMetadata is answered from what arrived.
   */
  private void watchFinal(Consumer<Metadata> onHeaders) {
    StreamOpBatch b = new StreamOpBatch().recvTrailingMetadata(this::onFinal);
    if (onHeaders != null) {
      b.recvInitialMetadata(onHeaders::accept);
    }
    top.startBatch(b);
  }

  private void onFinal(Metadata trailers, Status status) {
    finalTrailers = trailers == null ? new Metadata() : trailers;
    Object actions;
    synchronized (lock) {
      finalStatus = status;
      actions = doneActions;
      doneActions = null;
    }
    done.complete(status);
    DoneActions.runAll(actions, status, this);
    maybeDestroy();
  }

  // ---- facts about the call ----

  /** {@return true for the client's end} */
  public boolean isClient() {
    return client;
  }

  /** {@return the method; null on the server for a method it does not know} */
  public MethodDescriptor<?, ?> method() {
    return method;
  }

  /**
   * {@code /package.Service/Method}.
   *
   * @return the method's path, {@code /package.Service/Method}
   */
  public String path() {
    return head.path();
  }

  /** {@return the call's deadline, or null. On the server: the client's deadline, as received} */
  public Deadline deadline() {
    return head.deadline();
  }

  /** {@return the authority the client asked for, or null} */
  public String authority() {
    return head.authority();
  }

  /** {@return the client's request headers, on the server (null on the client)} */
  public Metadata requestHeaders() {
    return requestHeaders;
  }

  /**
   * Server: makes the context the server's telemetry keeps for this call (its OpenTelemetry span,
   * say) current on this thread until the scope is closed, there; handler helpers (the stub's)
   * run the application's code inside it.
   *
   * @return the scope to close when the application's code returns; {@link TelemetryScope#NONE}
   *     on a client call or without telemetry
   */
  public TelemetryScope enterTelemetry() {
    ServerCallTracer t = telemetry;
    return t == null ? TelemetryScope.NONE : t.enterHandler();
  }

  /**
   * Completes when the call is over. Client: with the call's status (once it has been received,
   * which needs every message read). Server: OK when the server sent its status, or the status
   * with which the call was cancelled.
   *
   * @return the future of the call's final status
   */
  public CompletableFuture<Status> whenDone() {
    return done.copy();
  }

  /**
   * Runs {@code action} with the call's final status (see {@link #whenDone()}) once the call is
   * over: at once on this thread if it already is, else on the thread that ends it, so it must
   * not block. Lighter than {@code whenDone().thenAccept(action)}, which copies the future.
   *
   * @param action what to run with the final status
   */
  public void onDone(Consumer<Status> action) {
    Objects.requireNonNull(action, "action");
    Status ended;
    synchronized (lock) {
      ended = finalStatus;
      if (ended == null) {
        doneActions = DoneActions.add(doneActions, action);
        return;
      }
    }
    DoneActions.run(action, ended, this);
  }

  /** {@return true once the call has ended by cancellation or a non-OK status} */
  public boolean isCancelled() {
    Status s = done.getNow(null);
    return s != null && !s.isOk();
  }

  /**
   * The call's typed values: what interceptors and filters set ({@link CallInfo#values()} is the
   * same object) for the handler or application to read. On a client call made while handling a
   * server call through the stub layer, the server call's values are copied in before the call
   * starts, so client interceptors see them too.
   *
   * @return the values, shared with the call's filters
   */
  public CallValues values() {
    return values;
  }

  /**
   * The connection this call runs on: local and remote addresses, whether it is secure and, with
   * TLS, the protocol, cipher suite, SNI name and the peer's certificate chain ({@link
   * Endpoint#tls()}). On a server, known from the start (interceptors and handlers use it for
   * mTLS authorization); on a client, once the call has a connection — read it after the
   * response headers to see the server's certificates. Null when not known (a client call that
   * failed before it was sent, or a transport that does not tell).
   *
   * @return the endpoint, or null when not known
   */
  public Endpoint endpoint() {
    if (!client && transport != null && transport.endpoint() != null) {
      return transport.endpoint();
    }
    StreamStats s = stats();
    return s == null ? null : s.endpoint();
  }

  /**
   * {@return the transport's counts for this call (messages, bytes), or null before the call has a
   * stream}
   */
  public StreamStats stats() {
    return stream == null ? null : stream.stats();
  }

  /**
   * How each attempt of this client call ended, oldest first: one entry for a call that was not
   * retried, one per attempt for one that was (transparently, or by its service config's retry
   * policy), each with its number, status and what the channel did next. Complete once the call
   * has ended; empty for server calls and calls that never started.
   *
   * @return the attempts, oldest first
   */
  public java.util.List<dev.sluice.channel.AttemptRecord> attempts() {
    return dev.sluice.channel.ClientChannel.attempts(stream);
  }

  /**
   * Asks for this side's messages to be compressed with {@code encoding} (such as {@code gzip};
   * null for none). Takes effect with the initial metadata, so set it before sending any. A
   * server compresses only if the client accepts the encoding; messages sent with {@code
   * StreamOpBatch.FLAG_NO_COMPRESS} stay uncompressed.
   *
   * @param encoding the encoding, such as {@code gzip}, or null for none
   */
  public void setCompression(String encoding) {
    this.compression = encoding;
  }

  /**
   * Cancels the call: the peer sees it, and every pending op completes. No effect once done.
   *
   * @param status the status the call ends with; not OK
   */
  public void cancel(Status status) {
    Objects.requireNonNull(status, "status");
    if (status.isOk()) {
      throw new IllegalArgumentException("Cancel with a status that is not OK");
    }
    if (!done.isDone()) {
      top.startBatch(StreamOpBatch.cancel(status, s -> {}));
    }
  }

  /**
   * Cancels with CANCELLED and {@code why} as the description.
   *
   * @param why what the peer and the pending ops are told
   */
  public void cancel(String why) {
    cancel(Status.CANCELLED.withDescription(why));
  }

  // ---- batches ----

  /**
   * Starts {@code batch}; its completion is posted to {@code queue} with {@code tag}.
   *
   * @param batch the ops to start
   * @param queue where the completion event goes
   * @param tag identifies the batch in the event
   */
  public void startBatch(Batch batch, CompletionQueue queue, Object tag) {
    queue.beginBatch();
    start(batch, (b, ok) -> queue.post(tag, ok));
  }

  /**
   * Starts {@code batch}; {@code callback} runs once it completes (see {@link BatchCallback}).
   *
   * @param batch the ops to start
   * @param callback told once the batch completes
   */
  public void startBatch(Batch batch, BatchCallback callback) {
    start(batch, Objects.requireNonNull(callback, "callback"));
  }

  private void start(Batch batch, BatchCallback callback) {
    Objects.requireNonNull(batch, "batch");
    String problem;
    boolean implicitHeaders;
    boolean afterEnd;
    synchronized (lock) {
      problem = slots.check(batch);
      implicitHeaders = problem == null && batch.sendMessage != null
          && batch.sendInitialMetadata == null && !slots.sentInitialMetadata();
      afterEnd = destroyed;
      if (problem == null) {
        slots.claim(batch, implicitHeaders);
        outstandingBatches++;
      }
    }
    if (problem != null) {
      batch.error = Status.FAILED_PRECONDITION.withDescription(problem);
      scheduler.execute(() -> callback.completed(batch, false));
      return;
    }
    Run run = new Run(batch, callback);
    StreamOpBatch down = translate(batch, run, implicitHeaders);
    if (afterEnd) {
      // The call is over and its stream released: answer here, as the transport would have.
      Status end = done.getNow(Status.CANCELLED);
      Status failure = end.isOk()
          ? Status.FAILED_PRECONDITION.withDescription("The call has already ended") : end;
      scheduler.execute(() -> down.failWith(failure));
    } else if (!down.isEmpty()) {
      top.startBatch(down);
    }
    if (batch.recvStatus || batch.recvClose) {
      if (done.isDone()) {
        // Already over: answer on another thread, never inside startBatch.
        Status status = done.join();
        scheduler.execute(() -> {
          fillFinal(batch, status);
          run.partDone(null);
        });
      } else {
        // Completes on the transport thread that ends the call: no extra hop.
        done.whenComplete(run);
      }
    }
    if (run.parts == 0) {
      scheduler.execute(() -> finish(run));
    }
  }

  private StreamOpBatch translate(Batch b, Run run, boolean implicitHeaders) {
    StreamOpBatch down = new StreamOpBatch();
    if (b.sendInitialMetadata != null || implicitHeaders) {
      down.sendInitialMetadata(SentMetadata.initial(b.sendInitialMetadata, compression));
    }
    if (b.sendMessage != null) {
      down.sendMessage(Message.ofValue(b.sendMessage, outboundMarshaller()), b.sendFlags);
    }
    if (b.sendClose) {
      down.sendHalfClose();
    }
    if (b.sendStatus != null) {
      down.sendTrailingMetadata(SentMetadata.trailers(b.sendTrailers, client), b.sendStatus);
    }
    if (down.hasSendOrCancel()) {
      run.parts++;
      run.releasesSendSlot = b.sendMessage != null;
      down.onComplete(run);
    }
    if (b.recvInitialMetadata) {
      if (client) {
        run.parts++;
        if (peerHeaders.isDone()) {
          Metadata h = peerHeaders.join();
          scheduler.execute(() -> {
            b.receivedInitialMetadata = h == null ? new Metadata() : h;
            run.partDone(null);
          });
        } else {
          peerHeaders.whenComplete((h, t) -> {
            b.receivedInitialMetadata = h == null ? new Metadata() : h;
            run.partDone(null);
          });
        }
      } else {
        // The server received the headers before the handler started.
        Metadata h = requestHeaders;
        b.receivedInitialMetadata = h == null ? new Metadata() : h;
      }
    }
    if (b.recvMessage) {
      run.parts++;
      down.recvMessage(run);
    }
    if (b.recvStatus || b.recvClose) {
      run.parts++; // completed from the done future, see start()
    }
    return down;
  }

  private void fillFinal(Batch b, Status status) {
    if (client) {
      b.receivedStatus = status;
      b.receivedTrailers = finalTrailers;
    } else {
      b.cancelled = !status.isOk();
    }
  }

  @SuppressWarnings("unchecked")
  private Marshaller<Object> outboundMarshaller() {
    if (method == null) {
      throw new IllegalStateException("Cannot send messages on a call for an unknown method");
    }
    return (Marshaller<Object>) (client ? method.requestMarshaller() : method.responseMarshaller());
  }

  private Object parse(Message message) {
    Marshaller<?> m = client ? method.responseMarshaller() : method.requestMarshaller();
    try {
      return message.parse(m);
    } catch (IOException | RuntimeException e) {
      message.release();
      cancel(Status.INTERNAL.withDescription(
          "Could not parse the " + (client ? "response" : "request") + " message of "
              + head.path() + ": " + e.getMessage()).withCause(e));
      return null;
    }
  }

  private void finish(Run run) {
    synchronized (lock) {
      outstandingBatches--;
    }
    run.callback.completed(run.batch, run.ok);
    maybeDestroy();
  }

  private void maybeDestroy() {
    synchronized (lock) {
      if (destroyed || stream == null || !done.isDone() || outstandingBatches > 0) {
        return;
      }
      destroyed = true;
    }
    transport.destroyStream(stream);
  }

  /**
   * One application batch in flight: counts its parts down to its completion. It is also the
   * callback of each op it sends down (sends, a receive, the call's end), so a batch costs one
   * object here rather than one per op.
   */
  private final class Run implements StreamOpBatch.OnComplete, StreamOpBatch.MessageReady,
      BiConsumer<Status, Throwable> {
    final Batch batch;
    final BatchCallback callback;
    int parts;
    private int finished;
    boolean ok = true;
    /** The batch sends a message: its completion frees the call's send slot. */
    boolean releasesSendSlot;

    Run(Batch batch, BatchCallback callback) {
      this.batch = batch;
      this.callback = callback;
    }

    /** The batch's sends (and cancel) are done. */
    @Override
    public void done(Status status) {
      if (releasesSendSlot) {
        synchronized (lock) {
          slots.messageSent();
        }
      }
      partDone(status.isOk() ? null : status);
    }

    /** The batch's receive got its message (null: none will come). */
    @Override
    public void ready(Message message) {
      batch.receivedCompressed = message != null && message.arrivedCompressed();
      batch.receivedMessage = message == null ? null : parse(message);
      synchronized (lock) {
        slots.messageReceived();
      }
      partDone(null);
    }

    /** The call ended: fills in the batch's status (client) or cancelled flag (server). */
    @Override
    public void accept(Status status, Throwable unused) {
      fillFinal(batch, status);
      partDone(null);
    }

    void partDone(Status failure) {
      boolean last;
      synchronized (this) {
        if (failure != null && ok) {
          ok = false;
          batch.error = failure;
        }
        last = ++finished == parts;
      }
      if (last) {
        finish(this);
      }
    }
  }

  @Override
  public String toString() {
    return "Call{" + (client ? "client " : "server ") + head.path() + "}";
  }
}
