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
import dev.sluice.h2.netty.ConnectionStats;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.h2.netty.TestCerts;
import dev.sluice.h2.netty.TlsConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slowloris over real TCP: clients that connect and then trickle their bytes one at a time
 * (never the last one), against a listener whose handshake timeout is 300 ms. Each is closed and
 * counted in the listener's {@link ConnectionStats}, while a well-behaved client of the same
 * server, on a second listener with the default timeout, is served before and after. (It is not
 * on the 300 ms listener because a busy machine may well stall a real client that long; that a
 * client which completes its handshake in time is left alone is tested on a virtual clock, in
 * {@code HandshakeTimeoutTest}.)
 */
class SlowlorisTest {

  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Far slower than any real client; a trickle this slow never finishes within the timeout. */
  private static final long TRICKLE_MILLIS = 100;

  private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
  private final ChaosService service = new ChaosService();
  private NettyServerListener listener;
  private InetSocketAddress goodAddress;
  private Server server;
  private Channel channel;

  @AfterEach
  void tearDown() throws Exception {
    trickler.shutdownNow();
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
      server.awaitTermination(WAIT);
    }
  }

  private InetSocketAddress start(TlsConfig tls) throws Exception {
    listener = NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .tls(tls)
        .handshakeTimeout(TIMEOUT)
        .build();
    NettyServerListener good =
        NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0)).build();
    server = service.addTo(Server.builder().listener(listener).listener(good)).build().start();
    goodAddress = (InetSocketAddress) good.boundAddress();
    channel = Channel.builder(NettyConnector.forAddress(goodAddress).build()).build();
    return (InetSocketAddress) listener.boundAddress();
  }

  @Test
  void prefaceTrickled_closedAfterTheHandshakeTimeoutAndCounted() throws Exception {
    InetSocketAddress address = start(null);
    assertEchoWorks();

    try (RawH2Client slow = RawH2Client.connect(address, 0)) {
      byte[] preface = RawH2Client.bytes(b -> slow.preface(b, new Http2Settings()));
      trickle(slow, preface);

      assertThat(slow.awaitClosedByServer(WAIT)).as("closed by the server").isTrue();
    }
    awaitHandshakeTimeouts(1);

    assertEchoWorks();
    assertThat(listener.stats().accepted()).isEqualTo(1);
    awaitClosedInHandshake(1);
    assertThat(listener.stats().open()).isZero();
  }

  @Test
  void firstHeadersTrickled_closedAfterTheHandshakeTimeoutAndCounted() throws Exception {
    InetSocketAddress address = start(null);
    assertEchoWorks();

    try (RawH2Client slow = RawH2Client.connect(address, 0)) {
      slow.write(b -> {
        slow.preface(b, new Http2Settings());
        slow.writer().settingsAck(b);
      });
      byte[] headers = RawH2Client.bytes(b -> slow.requestHeaders(b, 1, ChaosService.ECHO.path()));
      trickle(slow, headers);

      assertThat(slow.awaitClosedByServer(WAIT)).as("closed by the server").isTrue();
    }
    awaitHandshakeTimeouts(1);

    assertEchoWorks();
    assertThat(listener.stats().accepted()).isEqualTo(1);
    assertThat(listener.stats().closedInHandshake()).as("its handshake was done").isZero();
  }

  @Test
  void tlsHandshakeNeverStarts_closedAfterTheHandshakeTimeoutAndCounted() throws Exception {
    InetSocketAddress address = start(TestCerts.shared().server().build());

    try (RawH2Client silent = RawH2Client.connect(address, 0)) {
      assertThat(silent.awaitClosedByServer(WAIT)).as("closed by the server").isTrue();
    }
    awaitHandshakeTimeouts(1);
    awaitClosedInHandshake(1);
    assertEchoWorks();
  }

  /** Writes {@code bytes} one at a time, {@link #TRICKLE_MILLIS} apart, all but the last. */
  private void trickle(RawH2Client client, byte[] bytes) {
    AtomicInteger next = new AtomicInteger();
    trickler.scheduleWithFixedDelay(() -> {
      int i = next.getAndIncrement();
      if (i >= bytes.length - 1) {
        throw new IllegalStateException("done"); // ends the schedule
      }
      try {
        client.write(new byte[] {bytes[i]});
      } catch (java.io.IOException closed) {
        throw new IllegalStateException(closed); // ends the schedule
      }
    }, 0, TRICKLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * The closure is counted when the server's pipeline sees the channel go inactive, which Netty
   * fires a moment after the socket closed (and after the peer may have seen it close).
   */
  private void awaitClosedInHandshake(long n) throws InterruptedException {
    Poll.until(WAIT, () -> listener.stats().closedInHandshake() == n,
        () -> "closed in handshake: " + listener.stats());
  }

  private void awaitHandshakeTimeouts(long n) throws InterruptedException {
    Poll.until(WAIT, () -> listener.stats().handshakeTimeouts() == n,
        () -> "handshake timeouts counted: " + listener.stats());
  }

  private void assertEchoWorks() throws Exception {
    Call call = channel.newCall(ChaosService.ECHO, CallOptions.DEFAULT.withTimeout(WAIT));
    CompletableFuture<Batch> done = new CompletableFuture<>();
    call.startBatch(new Batch().sendInitialMetadata(new Metadata()).sendMessage(new byte[] {42})
        .sendCloseFromClient().recvMessage().recvStatusOnClient(), (b, ok) -> done.complete(b));
    Batch b = done.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
    assertThat(b.status().code()).as(String.valueOf(b.status())).isEqualTo(Status.Code.OK);
    assertThat((byte[]) b.message()).containsExactly(42);
  }
}
