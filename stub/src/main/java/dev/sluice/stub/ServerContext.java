package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallValues;
import dev.sluice.Deadline;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.Status;
import dev.sluice.transport.Endpoint;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a server handler may know and set about its call besides the messages: the request
 * headers, the deadline, cancellation, the response headers and the trailers. Thread-safe.
 */
public final class ServerContext {

  private final Call call;
  private final CallContext callContext;
  private final AtomicBoolean headersSent = new AtomicBoolean();
  private volatile Metadata responseHeaders;
  private final Metadata trailers = new Metadata();

  ServerContext(Call call) {
    this.call = Objects.requireNonNull(call, "call");
    this.callContext = CallContext.forServerCall(call);
  }

  /** {@return the method the client called} */
  public MethodDescriptor<?, ?> method() {
    return call.method();
  }

  /** {@return the client's request headers} */
  public Metadata requestHeaders() {
    return call.requestHeaders();
  }

  /** {@return the client's deadline, or null. When it passes, the call is cancelled} */
  public Deadline deadline() {
    return call.deadline();
  }

  /** {@return true once the client cancelled, the deadline passed or the connection broke} */
  public boolean isCancelled() {
    return call.isCancelled();
  }

  /**
   * Runs {@code listener} once if the call is cancelled, with the reason; on a transport or timer
   * thread, so it must not block.
   *
   * @param listener receives the status the call was cancelled with
   */
  public void onCancel(java.util.function.Consumer<Status> listener) {
    Objects.requireNonNull(listener, "listener");
    call.onDone(s -> {
      if (!s.isOk()) {
        listener.accept(s);
      }
    });
  }

  /**
   * Sets the headers to send before the first response, or with an OK status if no response
   * comes. When the call fails before any response went out, the failure is sent Trailers-Only
   * (so the client's retry policy may still retry it) and these headers travel in its trailers.
   *
   * @param headers the headers to send, copied; they replace any set before
   * @throws IllegalStateException when headers have already gone out
   */
  public void setResponseHeaders(Metadata headers) {
    Objects.requireNonNull(headers, "headers");
    if (headersSent.get()) {
      throw new IllegalStateException("Response headers have already been sent");
    }
    this.responseHeaders = new Metadata(headers);
  }

  /**
   * The trailers sent with the status; add to them before the handler ends.
   *
   * @return the trailers, which the handler may add to
   */
  public Metadata trailers() {
    return trailers;
  }

  /**
   * {@return the connection the call came on: the client's address, our local address, whether it
   * is secure, and with TLS the protocol, cipher suite, SNI name and the client's certificate chain
   * under mTLS ({@code endpoint().tls().peerCertificate()})} Null only from a transport that does
   * not tell.
   */
  public Endpoint endpoint() {
    return call.endpoint();
  }

  /**
   * {@return the value a server interceptor set on this call under {@code key}, or null}
   *
   * @param <T> the value's type
   * @param key the key the interceptor used
   */
  public <T> T value(CallValues.Key<T> key) {
    return call.values().get(key);
  }

  /** {@return the context client calls made for this call inherit} */
  public CallContext callContext() {
    return callContext;
  }

  /** {@return the underlying core call, for what this class does not cover} */
  public Call call() {
    return call;
  }

  /** Adds the response headers to {@code batch} if it is the first send. */
  Batch withHeaders(Batch batch) {
    if (headersSent.compareAndSet(false, true)) {
      Metadata h = responseHeaders;
      batch.sendInitialMetadata(h == null ? new Metadata() : h);
    }
    return batch;
  }

  /**
   * The final batch: {@code status} with the trailers and {@code extraTrailers}.
   *
   * <p>When no headers went out yet, an OK status goes after the response headers, as in any
   * response that answers. A failure goes trailers-only (gRPC's HTTP/2 protocol: Trailers-Only
   * is the form for a call that fails at once), with the response headers the handler set among
   * its trailers. Response headers commit a call (gRFC A6), so a failure behind them could never
   * be retried by the client's retry policy, nor its pushback honoured.
   */
  Batch statusBatch(Status status, Metadata extraTrailers) {
    Metadata t = new Metadata(trailers);
    if (extraTrailers != null) {
      t.addAll(extraTrailers);
    }
    if (status.isOk()) {
      return withHeaders(new Batch()).sendStatusFromServer(status, t);
    }
    Metadata h = responseHeaders;
    if (headersSent.compareAndSet(false, true) && h != null) {
      t = new Metadata(h).addAll(t);
    }
    return new Batch().sendStatusFromServer(status, t);
  }
}
