package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Status;
import java.util.Objects;

/** The blocking reader and writer over a server call, waiting on each batch. */
final class BlockingServerStream<Req, Resp> implements ServerReaderWriter<Req, Resp> {

  private final Call call;
  private final ServerContext context;

  BlockingServerStream(Call call, ServerContext context) {
    this.call = call;
    this.context = context;
  }

  /** {@code stream} with the types the handler expects; the method descriptor guarantees them. */
  @SuppressWarnings("unchecked")
  static <Req, Resp> BlockingServerStream<Req, Resp> of(BlockingServerStream<?, ?> stream) {
    return (BlockingServerStream<Req, Resp>) stream;
  }

  @Override
  public Req read() {
    return Batches.await(call, new Batch().recvMessage()).batch().message();
  }

  @Override
  public void write(Resp message) {
    Objects.requireNonNull(message, "message");
    Batches.Done done = Batches.await(call, context.withHeaders(new Batch()).sendMessage(message));
    if (!done.ok()) {
      Status why = done.batch().error();
      throw (why != null ? why : Status.CANCELLED.withDescription("The call is over"))
          .asException();
    }
  }

  @Override
  public ServerContext context() {
    return context;
  }
}
