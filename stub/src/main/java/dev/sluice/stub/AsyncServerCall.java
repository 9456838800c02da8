package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.transport.SerializingExecutor;
import java.util.Objects;

/**
 * An observer-style server call: the response observer handed to the handler, and the loop that
 * feeds requests to the handler's request observer one at a time: the next is asked for once
 * {@code onNext} returns, or, after {@link #disableAutoRequest}, as {@link #request} allows. At
 * most one receive is outstanding, so unread requests stay in the transport, held back by HTTP/2
 * flow control.
 *
 * <p>Every callback into the application goes through one serializing executor with the call's
 * {@link CallContext} current, so they never overlap.
 */
final class AsyncServerCall<Req, Resp> implements ServerCallStreamObserver<Resp> {

  private final Call call;
  private final ServerContext context;
  /** The server's callback executor when its handler made this call, else the transport's. */
  private final SerializingExecutor callbacks = new SerializingExecutor(
      Server.callbackExecutor() != null ? Server.callbackExecutor() : Runnable::run);
  private final OutboundQueue outbound;

  private final Object lock = new Object();
  private StreamObserver<Req> requests;
  private boolean inboundEnded;
  private boolean cancelled;
  private Runnable onCancelHandler;
  private volatile Runnable onReadyHandler;
  /**
   * The method answers with one message (unary, client streaming): it is held until the handler
   * completes and then goes out in the same batch as the headers and the status, so the
   * transport writes the whole response at once.
   */
  private final boolean singleResponse;
  private Resp heldResponse;
  /** False after disableAutoRequest: requests go to the handler only as it asks. */
  private boolean autoRequest = true; // guarded by lock
  private boolean started; // guarded by lock: the first receive was asked for
  private boolean receiving; // guarded by lock
  private long requested; // guarded by lock

  private AsyncServerCall(Call call, boolean singleResponse) {
    this.call = call;
    this.singleResponse = singleResponse;
    this.context = new ServerContext(call);
    this.outbound = new OutboundQueue(call, () -> deliver(this::runOnReady), context::withHeaders);
    call.onDone(status -> {
      if (!status.isOk()) {
        deliver(() -> onCancelled(status));
      }
    });
  }

  /**
   * @param singleResponse true when the method answers with exactly one message, which is then
   *     held and sent with the status
   */
  static <Req, Resp> AsyncServerCall<Req, Resp> create(Call call, boolean singleResponse) {
    return new AsyncServerCall<>(call, singleResponse);
  }

  /** Unary and server streaming: receive the one request, then hand it to {@code method}. */
  void startSingleRequest(ServerCalls.AsyncUnaryMethod<Req, Resp> method) {
    Batches.run(call, new Batch().recvMessage(), done -> {
      Req request = done.batch().message();
      deliver(() -> {
        if (request == null) {
          if (!call.isCancelled()) {
            onError(Status.INTERNAL.withDescription("The client sent no request").asException());
          }
          return;
        }
        try {
          method.invoke(request, this);
        } catch (RuntimeException | Error e) {
          onError(e);
        }
      });
    });
  }

  /** Client streaming and bidi: get the request observer from {@code method}, then receive. */
  void startStreaming(ServerCalls.AsyncStreamingMethod<Req, Resp> method) {
    Thread starter = Thread.currentThread();
    deliver(() -> {
      StreamObserver<Req> observer;
      try {
        observer = Objects.requireNonNull(method.invoke(this), "the handler's request observer");
      } catch (RuntimeException | Error e) {
        onError(e);
        return;
      }
      synchronized (lock) {
        requests = observer;
        started = true;
        if (autoRequest) {
          requested = 1;
        }
      }
      // Run inline on the starting thread (no callback executor), this task is still draining
      // the serializing executor: a request arriving on a transport thread before the drain
      // ends would be run by this thread, off the transport's. So the first receive is asked
      // for once the drain is over, below; from a callback executor's thread, right here.
      if (Thread.currentThread() != starter) {
        pump();
      }
    });
    pump(); // no-op unless the task above has run here; at most one receive is ever outstanding
  }

  /** Starts a receive when one is allowed and none is outstanding. */
  private void pump() {
    synchronized (lock) {
      if (!started || receiving || inboundEnded || requested <= 0) {
        return;
      }
      receiving = true;
      requested--;
    }
    receiveNext();
  }

  private void receiveNext() {
    Batches.run(call, new Batch().recvMessage(), done -> {
      Req message = done.batch().message();
      deliver(() -> onRequest(message));
    });
  }

  private void onRequest(Req message) {
    StreamObserver<Req> observer;
    synchronized (lock) {
      receiving = false;
      if (inboundEnded) {
        return;
      }
      // A null message after a cancel is the cancellation, which onCancelled reports.
      if (message == null && call.isCancelled()) {
        return;
      }
      inboundEnded = message == null;
      observer = requests;
    }
    try {
      if (message == null) {
        observer.onCompleted();
      } else {
        observer.onNext(message);
        synchronized (lock) {
          if (autoRequest) {
            requested++;
          }
        }
        pump();
      }
    } catch (RuntimeException | Error e) {
      synchronized (lock) {
        inboundEnded = true;
      }
      onError(e);
    }
  }

  private void onCancelled(Status status) {
    Runnable handler;
    StreamObserver<Req> observer;
    synchronized (lock) {
      cancelled = true;
      handler = onCancelHandler;
      observer = inboundEnded ? null : requests;
      inboundEnded = true;
    }
    if (handler != null) {
      handler.run();
    }
    if (observer != null) {
      observer.onError(status.asException());
    }
  }

  // ---- the response observer the handler writes to ----

  @Override
  public void onNext(Resp value) {
    Objects.requireNonNull(value, "value");
    if (singleResponse) {
      synchronized (lock) {
        if (heldResponse != null) {
          throw new IllegalStateException("onNext called twice on a call of "
              + call.path() + ", whose method answers with exactly one message");
        }
        heldResponse = value;
      }
      return;
    }
    // False after a cancel: the message is dropped, as the interface documents.
    outbound.send(value);
  }

  @Override
  public void onError(Throwable t) {
    takeHeldResponse(); // never sent: the call fails instead
    outbound.close(() -> context.statusBatch(
        HandlerFailure.statusOf(t, call.path()), HandlerFailure.trailersOf(t)), true);
  }

  @Override
  public void onCompleted() {
    Resp response = takeHeldResponse();
    outbound.close(() -> {
      Batch last = context.statusBatch(Status.OK, null);
      return response == null ? last : last.sendMessage(response);
    }, false);
  }

  private Resp takeHeldResponse() {
    synchronized (lock) {
      Resp r = heldResponse;
      heldResponse = null;
      return r;
    }
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
  public boolean isCancelled() {
    return call.isCancelled();
  }

  @Override
  public void setOnCancelHandler(Runnable handler) {
    boolean runNow;
    synchronized (lock) {
      onCancelHandler = handler;
      runNow = cancelled;
    }
    if (runNow && handler != null) {
      deliver(handler);
    }
  }

  @Override
  public ServerContext context() {
    return context;
  }

  @Override
  public void disableAutoRequest() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("disableAutoRequest must be called in the handler, "
            + "before it returns its request observer");
      }
      autoRequest = false;
    }
  }

  @Override
  public void request(int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive, got " + count);
    }
    synchronized (lock) {
      requested = Math.min(Long.MAX_VALUE / 2, requested + count);
    }
    deliver(this::pump); // in order with the other callbacks, never inside the caller's
  }

  private void runOnReady() {
    Runnable h = onReadyHandler;
    if (h != null && !call.isCancelled()) {
      h.run();
    }
  }

  private void deliver(Runnable task) {
    callbacks.execute(context.callContext().wrap(task));
  }
}
