package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Metadata;
import dev.sluice.Status;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A streaming client call driven by blocking methods, like the C++ synchronous API: one thread
 * may {@link #write} while another {@link #read}s. Written for virtual threads: every wait parks
 * on a {@link CompletableFuture}, never inside a monitor.
 *
 * <pre>{@code
 * try (BlockingClientCall<Req, Resp> call = ClientCalls.blockingCall(channel, METHOD, options)) {
 *   call.write(req);
 *   call.writesDone();
 *   for (Resp r; (r = call.read()) != null; ) { ... }
 *   Status status = call.finish();
 * }
 * }</pre>
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public final class BlockingClientCall<Req, Resp> implements AutoCloseable {

  private final Call call;
  private final CompletableFuture<Batches.Done> headers;
  private final CompletableFuture<Batches.Done> status;
  private final AtomicBoolean writesDone = new AtomicBoolean();

  BlockingClientCall(Call call, Metadata requestHeaders) {
    this.call = Objects.requireNonNull(call, "call");
    Objects.requireNonNull(requestHeaders, "requestHeaders");
    // Send the headers at once, as the C++ API does: the server sees the call before any message.
    this.headers = Batches.start(call,
        new Batch().sendInitialMetadata(requestHeaders).recvInitialMetadata());
    this.status = Batches.start(call, new Batch().recvStatusOnClient());
  }

  /**
   * Sends one message and waits until the transport has taken it, so a slow peer slows the
   * writer down.
   *
   * @return false when the call is already over and the message was not sent; {@link #finish()}
   *     then tells why
   * @param message the request to send
   */
  public boolean write(Req message) {
    Objects.requireNonNull(message, "message");
    if (writesDone.get()) {
      return false;
    }
    Batches.Done done = awaitUnlessOver(new Batch().sendMessage(message));
    return done != null && done.ok();
  }

  /**
   * Waits for the next response.
   *
   * @return the message, or null once the server's stream has ended (or the call failed)
   */
  public Resp read() {
    Batches.Done done = awaitUnlessOver(new Batch().recvMessage());
    return done == null ? null : done.batch().message();
  }

  /** Tells the server no more requests will come (half-close). Idempotent. */
  public void writesDone() {
    if (writesDone.compareAndSet(false, true)) {
      awaitUnlessOver(new Batch().sendCloseFromClient());
    }
  }

  /**
   * Runs {@code batch} and waits for it, unless the call ends first: then null. The core may
   * never complete an op started after the call ended (its stream is gone), and once the status
   * is in, every message has been read, so there is nothing left to wait for.
   */
  private Batches.Done awaitUnlessOver(Batch batch) {
    if (status.isDone()) {
      return null;
    }
    CompletableFuture<Batches.Done> op = Batches.start(call, batch);
    Batches.await(call, CompletableFuture.anyOf(op, status));
    return op.getNow(null);
  }

  /**
   * Ends the call from the client's side and waits for its status: half-closes if that was not
   * done, then reads and drops any responses not yet read (do not {@link #read} from another
   * thread meanwhile).
   *
   * @return the call's final status; OK when the server finished normally
   */
  public Status finish() {
    writesDone();
    while (read() != null) {
      // Drop unread responses: the status only arrives once every message has been read.
    }
    return Batches.await(call, status).batch().status();
  }

  /**
   * Waits for the server's initial metadata (empty if the call ended without any).
   *
   * @return the server's initial metadata
   */
  public Metadata headers() {
    return Batches.await(call, headers).batch().initialMetadata();
  }

  /** {@return the trailers; null until the call has ended} */
  public Metadata trailers() {
    Batches.Done done = status.getNow(null);
    return done == null ? null : done.batch().trailers();
  }

  /**
   * Cancels the call; pending reads return null and writes false.
   *
   * @param why the description of the CANCELLED status the call ends with
   */
  public void cancel(String why) {
    call.cancel(why);
  }

  /** {@return the underlying core call} */
  public Call call() {
    return call;
  }

  /** Cancels the call if it has not ended; after {@link #finish()} it does nothing. */
  @Override
  public void close() {
    if (!status.isDone()) {
      call.cancel("The blocking call was closed before it finished");
    }
  }
}
