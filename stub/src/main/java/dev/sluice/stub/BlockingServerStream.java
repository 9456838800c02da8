package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Status;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The blocking reader and writer over a server call, waiting on each batch. */
final class BlockingServerStream<Req, Resp> implements ServerReaderWriter<Req, Resp> {

  private final Call call;
  private final ServerContext context;
  private final CompletableFuture<Status> done;

  BlockingServerStream(Call call, ServerContext context) {
    this.call = call;
    this.context = context;
    this.done = call.whenDone();
  }

  /** {@code stream} with the types the handler expects; the method descriptor guarantees them. */
  @SuppressWarnings("unchecked")
  static <Req, Resp> BlockingServerStream<Req, Resp> of(BlockingServerStream<?, ?> stream) {
    return (BlockingServerStream<Req, Resp>) stream;
  }

  @Override
  public Req read() {
    Batches.Done d = awaitUnlessOver(new Batch().recvMessage());
    return d == null ? null : d.batch().message();
  }

  @Override
  public void write(Resp message) {
    Objects.requireNonNull(message, "message");
    Batches.Done d = awaitUnlessOver(context.withHeaders(new Batch()).sendMessage(message));
    if (d == null || !d.ok()) {
      Status why = d == null ? null : d.batch().error();
      throw (why != null ? why : Status.CANCELLED.withDescription("The call is over"))
          .asException();
    }
  }

  /**
   * Runs {@code batch} and waits for it, unless the call ends first: then null. An op started
   * after the call ended may never complete (its stream is gone), so a handler that reads or
   * writes after a cancel must not wait for it.
   */
  private Batches.Done awaitUnlessOver(Batch batch) {
    if (done.isDone()) {
      return null;
    }
    CompletableFuture<Batches.Done> op = Batches.start(call, batch);
    Batches.await(call, CompletableFuture.anyOf(op, done));
    return op.getNow(null);
  }

  @Override
  public ServerContext context() {
    return context;
  }
}
