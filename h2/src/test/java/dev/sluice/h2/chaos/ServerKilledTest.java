package dev.sluice.h2.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.netty.NettyConnector;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's process dies with SIGKILL ({@code kill -9}) while calls of every kind are open on
 * it over TCP: no GOAWAY, no trailers, only the kernel closing the socket. Every client call must
 * end UNAVAILABLE without hanging, a call made afterwards too, and the client must let go of its
 * connections and buffers.
 */
class ServerKilledTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final PooledByteBufAllocator clientAlloc = new PooledByteBufAllocator(true);
  private final List<io.netty.channel.Channel> clientSockets = new CopyOnWriteArrayList<>();
  private ChaosServerProcess server;
  private Channel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void serverKilled_unaryServerStreamingAndBidiInFlight_allEndUnavailableAndClientReleases()
      throws Exception {
    server = ChaosServerProcess.start();
    channel = Channel.builder(NettyConnector
        .forAddress(new InetSocketAddress("127.0.0.1", server.port()))
        .pipelineCustomizer(ch -> {
          ch.config().setAllocator(clientAlloc);
          clientSockets.add(ch);
        })
        .build()).build();

    // A unary call the server has taken (its response headers came back) and will never answer.
    Call unary = channel.newCall(ChaosService.HOLD, CallOptions.DEFAULT);
    await(start(unary, new Batch().sendInitialMetadata(new Metadata()).sendMessage(bytes("u"))
        .sendCloseFromClient().recvInitialMetadata()));
    CompletableFuture<Batch> unaryEnd = start(unary, new Batch().recvMessage().recvStatusOnClient());

    // A server-streaming call with one message received and more awaited.
    Call serverStreaming = channel.newCall(ChaosService.HOLD_STREAM, CallOptions.DEFAULT);
    Batch first = await(start(serverStreaming, new Batch().sendInitialMetadata(new Metadata())
        .sendMessage(bytes("s")).sendCloseFromClient().recvInitialMetadata().recvMessage()));
    assertThat(text(first.message())).isEqualTo("s");
    CompletableFuture<Batch> serverStreamingEnd =
        start(serverStreaming, new Batch().recvMessage().recvStatusOnClient());

    // A bidi call, both halves open, one round trip done.
    Call bidi = channel.newCall(ChaosService.ECHO_BIDI, CallOptions.DEFAULT);
    Batch echoed = await(start(bidi, new Batch().sendInitialMetadata(new Metadata())
        .sendMessage(bytes("b")).recvInitialMetadata().recvMessage()));
    assertThat(text(echoed.message())).isEqualTo("b");
    CompletableFuture<Batch> bidiEnd = start(bidi, new Batch().recvMessage().recvStatusOnClient());

    server.kill();

    for (CompletableFuture<Batch> end : List.of(unaryEnd, serverStreamingEnd, bidiEnd)) {
      Batch b = await(end);
      assertThat(b.status().code()).as(String.valueOf(b.status())).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat((Object) b.message()).isNull();
    }
    // The bidi call's sending half was open too: a send now fails instead of hanging.
    CompletableFuture<Boolean> lateSend = new CompletableFuture<>();
    bidi.startBatch(new Batch().sendMessage(bytes("late")), (b, ok) -> lateSend.complete(ok));
    assertThat(lateSend.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("send ok").isFalse();

    // A new call finds nobody listening.
    Call after = channel.newCall(ChaosService.ECHO, CallOptions.DEFAULT.withTimeout(WAIT));
    Batch refused = await(start(after, new Batch().sendInitialMetadata(new Metadata())
        .sendMessage(bytes("x")).sendCloseFromClient().recvMessage().recvStatusOnClient()));
    assertThat(refused.status().code()).as(String.valueOf(refused.status()))
        .isEqualTo(Status.Code.UNAVAILABLE);

    channel.shutdownNow();
    assertThat(channel.awaitTermination(WAIT)).as("channel terminated").isTrue();
    assertThat(clientSockets).as("connections made").isNotEmpty();
    for (io.netty.channel.Channel socket : clientSockets) {
      assertThat(socket.closeFuture().await(WAIT.toMillis())).as("%s closed", socket).isTrue();
    }
    Poll.until(WAIT, () -> pinned() == 0,
        () -> pinned() + " bytes of the client's pooled buffers still held");
  }

  private long pinned() {
    return clientAlloc.pinnedDirectMemory() + clientAlloc.pinnedHeapMemory();
  }

  private static CompletableFuture<Batch> start(Call call, Batch batch) {
    CompletableFuture<Batch> done = new CompletableFuture<>();
    call.startBatch(batch, (b, ok) -> done.complete(b));
    return done;
  }

  private static Batch await(CompletableFuture<Batch> batch) throws Exception {
    return batch.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Object message) {
    return new String((byte[]) message, StandardCharsets.UTF_8);
  }
}
