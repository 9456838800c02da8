package dev.sluice.bench;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Channel;
import dev.sluice.CompletionQueue;
import dev.sluice.Event;
import dev.sluice.Marshaller;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A server and a channel in this JVM for the unary benchmarks, and the call they time: the
 * client starts one batch with every op of a unary call and waits on a {@link CompletionQueue};
 * the server's handler receives the request and answers at once from the batch callback, without
 * blocking its executor thread. Requests and responses are {@value #PAYLOAD_LENGTH}-byte arrays.
 *
 * <p>Thread-safe: any number of threads may call {@link #unaryCall}, each with its own queue.
 */
final class UnaryFixture {

  static final int PAYLOAD_LENGTH = 64;
  /** Longest wait for one call; far above any round trip, it only stops a hung benchmark. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  static final MethodDescriptor<byte[], byte[]> METHOD = MethodDescriptor.create(
      "sluice.bench.Echo/Unary", MethodType.UNARY, BytesMarshaller.INSTANCE,
      BytesMarshaller.INSTANCE);

  private static final byte[] REQUEST = new byte[PAYLOAD_LENGTH];
  private static final byte[] RESPONSE = new byte[PAYLOAD_LENGTH];

  private final Server server;
  private final Channel channel;

  /**
   * Starts a server on {@code listener}, then a channel through the connector that
   * {@code connectorFor} makes from the started listener, and makes one call so the connection
   * is up before anything is timed.
   */
  <L extends ServerListener> UnaryFixture(L listener, Function<L, Connector> connectorFor)
      throws IOException, InterruptedException {
    server = Server.builder()
        .listener(listener)
        .addMethod(METHOD, UnaryFixture::answer)
        .build()
        .start();
    channel = Channel.builder(connectorFor.apply(listener)).build();
    unaryCall(new CompletionQueue());
  }

  /** The handler: read the request, then send headers, the response and OK in one batch. */
  private static void answer(Call call) {
    call.startBatch(new Batch().recvMessage(), (received, ok) ->
        call.startBatch(new Batch()
            .sendInitialMetadata(new Metadata())
            .sendMessage(RESPONSE)
            .sendStatusFromServer(Status.OK, new Metadata()), (sent, sentOk) -> {}));
  }

  /**
   * One unary call, start to finish; returns the response.
   *
   * @throws IllegalStateException when the call does not end OK within {@link #CALL_TIMEOUT}
   */
  byte[] unaryCall(CompletionQueue queue) throws InterruptedException {
    Call call = channel.newCall(METHOD);
    Batch batch = new Batch()
        .sendInitialMetadata(new Metadata())
        .sendMessage(REQUEST)
        .sendCloseFromClient()
        .recvInitialMetadata()
        .recvMessage()
        .recvStatusOnClient();
    call.startBatch(batch, queue, batch);
    Event event = queue.next(CALL_TIMEOUT);
    if (event.type() != Event.Type.OP_COMPLETE || !event.ok() || !batch.status().isOk()) {
      throw new IllegalStateException("Unary call failed: " + event + ", status "
          + batch.status() + ", error " + batch.error());
    }
    return batch.message();
  }

  /** Closes the channel, then the server, each waiting up to five seconds. */
  void close() throws InterruptedException {
    channel.close();
    server.close();
  }

  /** byte[] as itself. Not immutable, so in-process calls copy it as a wire would. */
  private static final class BytesMarshaller implements Marshaller<byte[]> {
    static final BytesMarshaller INSTANCE = new BytesMarshaller();

    @Override
    public void serialize(byte[] value, OutputStream out) throws IOException {
      out.write(Objects.requireNonNull(value, "value"));
    }

    @Override
    public byte[] parse(InputStream in) throws IOException {
      return in.readAllBytes();
    }

    @Override
    public int serializedSize(byte[] value) {
      return value.length;
    }
  }
}
