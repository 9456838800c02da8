package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.SerializingExecutor;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * An observer-style client call: the request side the application writes to, and the loop
 * that feeds responses to the application's observer as they are requested.
 *
 * <p>Every callback into the application (responses, completion, on-ready) goes through one
 * serializing executor, so they never overlap and a final {@code onCompleted} comes after the
 * last {@code onNext}.
 */
final class AsyncClientCall<Req, Resp> implements ClientCallStreamObserver<Req> {

  private final Call call;
  private final StreamObserver<Resp> responses;
  private final SerializingExecutor callbacks;
  private final OutboundQueue outbound;
  private final CallContext context = CallContext.current();

  private final Object lock = new Object();
  private boolean started;
  private boolean autoRequest = true;
  private int demand;
  private boolean receiving;
  private boolean inboundEnded;
  private Batch finalBatch;
  private boolean finished;
  private volatile Runnable onReadyHandler;

  private AsyncClientCall(Call call, StreamObserver<Resp> responses, Executor executor) {
    this.call = call;
    this.callbacks = new SerializingExecutor(executor != null ? executor : Runnable::run);
    this.responses = Objects.requireNonNull(responses, "responses");
    this.outbound = new OutboundQueue(call, () -> deliver(this::runOnReady), b -> b);
  }

  /**
   * Starts {@code call}: sends the headers and begins receiving. The observer's callbacks run on
   * {@code executor} (null: the transport's thread), one at a time.
   */
  @SuppressWarnings("unchecked")
  static <Req, Resp> AsyncClientCall<Req, Resp> start(
      Call call, Metadata headers, StreamObserver<Resp> responses, Executor executor) {
    AsyncClientCall<Req, Resp> c = new AsyncClientCall<>(call, responses, executor);
    if (responses instanceof ClientResponseObserver<?, ?> cro) {
      ((ClientResponseObserver<Req, Resp>) cro).beforeStart(c);
    }
    Batches.start(call, new Batch().sendInitialMetadata(Objects.requireNonNull(headers, "headers")));
    Batches.run(call, new Batch().recvStatusOnClient(), d -> c.onFinal(d.batch()));
    boolean auto;
    synchronized (c.lock) {
      c.started = true;
      auto = c.autoRequest;
    }
    if (auto) {
      c.request(1);
    } else {
      c.maybeReceive();
    }
    return c;
  }

  // ---- request side, called by the application ----

  @Override
  public void onNext(Req value) {
    Objects.requireNonNull(value, "value");
    // False once the call is over: the message has nowhere to go, and the response observer
    // hears why.
    outbound.send(value);
  }

  @Override
  public void onError(Throwable t) {
    cancel("The client's request stream failed", t);
  }

  @Override
  public void onCompleted() {
    outbound.close(() -> new Batch().sendCloseFromClient(), false);
  }

  @Override
  public boolean isReady() {
    return outbound.isReady();
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    this.onReadyHandler = handler;
  }

  @Override
  public void request(int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    synchronized (lock) {
      demand = (int) Math.min(Integer.MAX_VALUE, (long) demand + count);
    }
    maybeReceive();
  }

  @Override
  public void disableAutoRequest() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("disableAutoRequest is only allowed in beforeStart");
      }
      autoRequest = false;
    }
  }

  @Override
  public void cancel(String message, Throwable cause) {
    call.cancel(Status.CANCELLED.withDescription(message).withCause(cause));
  }

  // ---- response side, driven by batch completions ----

  private void maybeReceive() {
    synchronized (lock) {
      if (!started || receiving || demand == 0 || inboundEnded || finished) {
        return;
      }
      receiving = true;
      demand--;
    }
    Batches.run(call, new Batch().recvMessage(), d -> onMessage(d.batch().message()));
  }

  private void onMessage(Resp message) {
    boolean auto;
    synchronized (lock) {
      receiving = false;
      inboundEnded |= message == null;
      auto = autoRequest;
    }
    deliver(() -> {
      if (message != null && !isFinished()) {
        responses.onNext(message);
        if (auto) {
          request(1);
        }
      }
      // Demand left over from an earlier request(n) starts the next receive.
      maybeReceive();
      maybeFinish();
    });
  }

  private void onFinal(Batch batch) {
    synchronized (lock) {
      finalBatch = batch;
    }
    deliver(this::maybeFinish);
  }

  /**
   * Ends the response stream once the status is in. A receive still in flight then can only end
   * empty (the core reports the status after every message was handed over, and a message's
   * delivery was queued here before), and may never complete at all: do not wait for it.
   */
  private void maybeFinish() {
    Batch b;
    synchronized (lock) {
      b = finalBatch;
      if (b == null || finished) {
        return;
      }
      finished = true;
    }
    Status status = b.status();
    if (status.isOk()) {
      responses.onCompleted();
    } else {
      responses.onError(status.asException(b.trailers()));
    }
  }

  private boolean isFinished() {
    synchronized (lock) {
      return finished;
    }
  }

  private void runOnReady() {
    Runnable h = onReadyHandler;
    if (h != null && !isFinished()) {
      h.run();
    }
  }

  /** Runs application code serialized, in the context the call was made in. */
  private void deliver(Runnable task) {
    callbacks.execute(context.wrap(task));
  }
}
