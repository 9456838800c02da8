package dev.sluice.h2.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that opens streams asking for far more than it will ever read, with flow-control
 * windows as large as HTTP/2 allows, and then never reads its socket. Only the server's own
 * back-pressure stands between it and unbounded buffering: a send completes once its bytes have
 * passed flow control and the socket is writable, and each stream has one send in flight. So
 * the server's pooled memory must stay within a bound that follows from that (two messages per
 * stream plus the channel's write-buffer high-water mark, see {@link #bound}), however much the
 * peer asked for; and another connection to the same server must keep working meanwhile. Once
 * the peer goes away, every buffer is released.
 */
class StalledReaderTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int STREAMS = 8;
  private static final int MESSAGE = 256 * 1024;
  /** Messages each stream asks for: 2.5 GiB per stream, far beyond any bound. */
  private static final int COUNT = 10_000;
  private static final int GOOD_CALLS = 20;

  private final PooledByteBufAllocator serverAlloc = new PooledByteBufAllocator(true);
  private final List<io.netty.channel.Channel> serverSockets = new CopyOnWriteArrayList<>();
  private final ChaosService service = new ChaosService();
  private Server server;
  private Channel channel;
  private RawH2Client stalled;

  @AfterEach
  void tearDown() throws Exception {
    if (stalled != null) {
      stalled.close();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
      server.awaitTermination(WAIT);
    }
  }

  @Test
  void peerStopsReading_serverMemoryBoundedAndOtherConnectionsServed() throws Exception {
    NettyServerListener listener = NettyServerListener
        .forAddress(new InetSocketAddress("127.0.0.1", 0))
        .pipelineCustomizer(ch -> {
          ch.config().setAllocator(serverAlloc);
          serverSockets.add(ch);
        })
        .build();
    server = service.addTo(Server.builder().listener(listener)).build().start();
    InetSocketAddress address = (InetSocketAddress) listener.boundAddress();

    stalled = RawH2Client.connect(address, 16 * 1024);
    stalled.write(b -> {
      stalled.preface(b, new Http2Settings()
          .put(Http2Settings.INITIAL_WINDOW_SIZE, (int) Http2Settings.MAX_WINDOW_SIZE));
      stalled.writer().settingsAck(b); // blindly: it will never read the server's SETTINGS
      stalled.writer().windowUpdate(b, 0, (int) Http2Settings.MAX_WINDOW_SIZE - 65_535);
      for (int i = 0; i < STREAMS; i++) {
        int id = 1 + 2 * i;
        stalled.requestHeaders(b, id, ChaosService.FLOOD.path());
        stalled.lastMessage(b, id, ChaosService.floodRequest(COUNT, MESSAGE));
      }
    });
    Poll.until(WAIT, () -> service.floodsStarted.get() == STREAMS,
        () -> service.floodsStarted.get() + " of " + STREAMS + " floods started");
    io.netty.channel.Channel stalledSocket = serverSockets.get(0);
    // Back-pressure reached: the socket is full and Netty's buffer is above its high-water mark.
    Poll.until(WAIT, () -> !stalledSocket.isWritable(),
        () -> "the server's socket to the stalled peer never filled");
    long bound = bound(stalledSocket);

    channel = Channel.builder(NettyConnector.forAddress(address).build()).build();
    long peak = pinned();
    for (int i = 0; i < GOOD_CALLS; i++) {
      byte[] request = ("call " + i).getBytes();
      Batch b = unary(request);
      assertThat(b.status().code()).as(String.valueOf(b.status())).isEqualTo(Status.Code.OK);
      assertThat((byte[]) b.message()).isEqualTo(request);
      peak = Math.max(peak, pinned());
    }

    assertThat(peak).as("peak pooled bytes on the server, bound %d", bound).isLessThanOrEqualTo(bound);
    assertThat(service.floodMessagesSent.get())
        .as("messages the server got out to a peer that does not read")
        .isLessThan((long) STREAMS * COUNT);
    assertThat(stalledSocket.isOpen()).as("the stalled connection is merely stalled").isTrue();

    stalled.close();
    Poll.until(WAIT, () -> !stalledSocket.isOpen(), () -> "the server kept the dead connection");
    channel.shutdownNow();
    assertThat(channel.awaitTermination(WAIT)).isTrue();
    server.shutdownNow();
    assertThat(server.awaitTermination(WAIT)).isTrue();
    Poll.until(WAIT, () -> pinned() == 0,
        () -> pinned() + " bytes of the server's pooled buffers still held");
  }

  /**
   * The most the server may hold, from the configuration: per stream, the message being sent
   * (waiting for the socket) and the one before it (queued in the channel, not yet written), each
   * the message plus its 5-byte prefix, rounded up to the allocator's size class (at most a
   * quarter more, so twice covers it); the channel's write-buffer high-water mark (what may be
   * queued beyond those); and 1 MiB for everything else (read buffers, the frame buffer of a
   * turn, the other connection's small calls).
   */
  private static long bound(io.netty.channel.Channel socket) {
    long perStream = 2L * 2 * (MESSAGE + 5);
    return STREAMS * perStream + socket.config().getWriteBufferHighWaterMark() + (1 << 20);
  }

  private long pinned() {
    return serverAlloc.pinnedDirectMemory() + serverAlloc.pinnedHeapMemory();
  }

  private Batch unary(byte[] request) throws Exception {
    Call call = channel.newCall(ChaosService.ECHO, CallOptions.DEFAULT.withTimeout(WAIT));
    CompletableFuture<Batch> done = new CompletableFuture<>();
    call.startBatch(new Batch().sendInitialMetadata(new Metadata()).sendMessage(request)
        .sendCloseFromClient().recvInitialMetadata().recvMessage().recvStatusOnClient(),
        (b, ok) -> done.complete(b));
    return done.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
  }
}
