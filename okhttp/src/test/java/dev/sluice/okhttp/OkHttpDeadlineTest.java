package dev.sluice.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Deadline;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ServerListener;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's own deadline, with no channel or deadline filter above it: the request
 * carries grpc-timeout, and the local timer ends a call the server never answers with
 * DEADLINE_EXCEEDED and cancels it on the wire.
 */
class OkHttpDeadlineTest {

  private final ServerListener listener = SluiceServerKit.listener(false);
  private final CopyOnWriteArrayList<Transport> serverTransports = new CopyOnWriteArrayList<>();
  private Transport client;

  @AfterEach
  void tearDown() throws Exception {
    Status bye = Status.UNAVAILABLE.withDescription("test over");
    if (client != null) {
      client.close(bye);
      client.terminationFuture().get(10, TimeUnit.SECONDS);
    }
    for (Transport t : serverTransports) {
      t.close(bye);
    }
    listener.shutdown();
    listener.terminationFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void deadline_serverNeverAnswers_clientEndsDeadlineExceededAndServerSeesTheCancel()
      throws Exception {
    CompletableFuture<CallHead> accepted = new CompletableFuture<>();
    CompletableFuture<Status> serverClosed = new CompletableFuture<>();
    listener.start(t -> {
      serverTransports.add(t);
      t.performTransportOp(new TransportOp.SetAcceptStream((stream, head) -> {
        accepted.complete(head);
        t.performStreamOp(stream, new StreamOpBatch()
            .recvTrailingMetadata((md, status) -> serverClosed.complete(status)));
      }));
    });
    client = new OkHttpConnector(new InetSocketAddress("127.0.0.1",
        SluiceServerKit.port(listener)), new OkHttpTransportFactory(), null,
        Duration.ofSeconds(10)).connect();
    TransportStream s = client.initStream(new CallHead("/test.Slow/Call", null,
        Deadline.after(Duration.ofMillis(500))));
    CompletableFuture<Status> clientStatus = new CompletableFuture<>();
    client.performStreamOp(s, new StreamOpBatch().sendInitialMetadata(new Metadata())
        .recvTrailingMetadata((md, status) -> clientStatus.complete(status)));

    CallHead head = accepted.get(10, TimeUnit.SECONDS);
    assertThat(head.deadline()).as("the server's view of grpc-timeout").isNotNull();
    assertThat(clientStatus.get(10, TimeUnit.SECONDS).code())
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(serverClosed.get(10, TimeUnit.SECONDS).isOk()).as("server side").isFalse();
    client.destroyStream(s);
  }
}
