package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.h2.H2Config;
import dev.sluice.transport.Transport;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.local.LocalAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Real HTTP/2 transports over the in-memory endpoint, closed the moment they are asked to
 * connect: the server's side must close too, and every buffer either side wrote must come back
 * to the pool. Before {@link LocalConnectGuard}, a client closed while its connection was being
 * accepted left the server's side open and its first SETTINGS in the closed client's inbound
 * queue for good: 11 to 26 of these 300 closes did, run after run.
 */
class InMemoryCloseWhileConnectingTest {

  private static final int CONNECTIONS = 300;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void close_rightAfterConnect_closesServerSideAndReleasesEveryBuffer() throws Exception {
    PooledByteBufAllocator alloc = new PooledByteBufAllocator(false);
    Consumer<Channel> useAlloc = ch -> ch.config().setAllocator(alloc);
    LocalAddress address = new LocalAddress("close-while-connecting-" + UUID.randomUUID());
    // Both longer than the test: a server connection must close because its client did, not
    // because its handshake or its SETTINGS acknowledgement timed out.
    NettyServerListener listener = NettyServerListener.forAddress(address)
        .config(withSettingsAckTimeout(H2Config.DEFAULT, Duration.ofMinutes(10)))
        .handshakeTimeout(Duration.ofMinutes(10)).pipelineCustomizer(useAlloc).build();
    listener.start(t -> {});
    try {
      NettyConnector connector =
          NettyConnector.forAddress(address).pipelineCustomizer(useAlloc).build();
      for (int i = 0; i < CONNECTIONS; i++) {
        Transport t = connector.connect();
        t.close(Status.UNAVAILABLE.withDescription("closed while connecting"));
        t.terminationFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }

      awaitZero(() -> listener.stats().open(), "server connections still open");
      awaitZero(() -> alloc.pinnedHeapMemory() + alloc.pinnedDirectMemory(),
          "bytes of pooled buffers not released");
      assertThat(listener.stats().open()).isZero();
    } finally {
      listener.shutdown();
      listener.terminationFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static H2Config withSettingsAckTimeout(H2Config c, Duration timeout) {
    return new H2Config(c.maxConcurrentStreams(), c.initialStreamWindow(), c.connectionWindow(),
        c.maxFrameSize(), c.maxHeaderListSize(), c.maxMessageSize(), timeout, c.keepAliveTime(),
        c.keepAliveTimeout(), c.permitKeepAliveTime(), c.maxPingStrikes(),
        c.maxQueuedControlFrames(), c.resetBurst(), c.resetsPerSecond(),
        c.gracefulShutdownPingTimeout());
  }

  /** Waits for {@code value} to reach 0: the last closes and releases run on event loops. */
  private static void awaitZero(LongSupplier value, String what) throws InterruptedException {
    long end = System.nanoTime() + TIMEOUT.toNanos();
    long now = value.getAsLong();
    while (now != 0 && System.nanoTime() < end) {
      Thread.sleep(10);
      now = value.getAsLong();
    }
    assertThat(now).as(what + " after " + TIMEOUT).isZero();
  }
}
