package dev.sluice.h2.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Status;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.h2.netty.NettyTransportFactory;
import dev.sluice.testing.NamedBackend;
import dev.sluice.testing.NamedBackend.Reply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keepalive and connection management (gRFC A8, A9) between a real channel and a real server
 * over loopback: smoke tests in real time, which assert what happens and never how long it took.
 * The timing rules themselves are tested on virtual clocks (KeepAliveTest, ConnectionLifetimeTest).
 */
class ConnectionManagementOverLoopbackTest {

  private final Backends backends = new Backends();
  private final ManualTimeSource clock = new ManualTimeSource();
  private Channel channel;
  private Channel second;

  @AfterEach
  void tearDown() throws Exception {
    for (Channel c : new Channel[] {channel, second}) {
      if (c != null) {
        c.shutdownNow();
        assertThat(c.awaitTermination(Await.LONG)).isTrue();
      }
    }
    backends.close();
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  @Test
  void tooManyPings_channelDoublesKeepAliveTimeForItsNextConnection() throws Exception {
    // The server allows a ping every 5 min; this client pings after 100 ms without reads.
    Backends.Started server = backends.start("strict", loopback());
    H2Config eager = H2Config.DEFAULT.withKeepAlive(Duration.ofMillis(100), Duration.ofSeconds(20))
        .withKeepAliveWithoutCalls(true);
    RecordingFactory factory = new RecordingFactory(
        NettyTransportFactory.builder().config(eager).build(), clock);
    channel = Channel.builder("ipv4:" + server.hostPort()).transport(factory).build();

    assertThat(NamedBackend.who(channel).ok()).isTrue();
    assertThat(factory.attempts.get(0).options().keepAliveTime()).isNull();
    factory.attempts.get(0).transport().terminationFuture().get(30, TimeUnit.SECONDS);

    Await.until("a new connection", () -> {
      try {
        return NamedBackend.who(channel).ok() && factory.attempts.size() >= 2;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertThat(factory.attempts.get(1).options().keepAliveTime())
        .isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void maxConnectionAge_heldCallFinishes_newCallsGoToANewConnection() throws Exception {
    Backends.Started server = backends.start("aging", loopback(),
        H2Config.DEFAULT.withConnectionLimits(null, Duration.ofSeconds(1), Duration.ofMinutes(1)));
    RecordingFactory factory = new RecordingFactory(new NettyTransportFactory(), clock);
    channel = Channel.builder("ipv4:" + server.hostPort()).transport(factory).build();
    CompletableFuture<Reply> held = NamedBackend.call(channel, NamedBackend.HOLD,
        CallOptions.DEFAULT);
    assertThat(server.backend().awaitHeld(1, Await.LONG)).isTrue();

    Await.until("a call on a second connection", () -> {
      try {
        Reply r = NamedBackend.who(channel);
        assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
        return factory.attempts.size() >= 2;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    server.backend().release();
    Reply h = held.get(30, TimeUnit.SECONDS);
    assertThat(h.ok()).as(String.valueOf(h.status())).isTrue();
  }

  @Test
  void maxConnectionIdle_idleConnectionClosed() throws Exception {
    Backends.Started server = backends.start("idle", loopback(),
        H2Config.DEFAULT.withConnectionLimits(Duration.ofSeconds(1), null, null));
    RecordingFactory factory = new RecordingFactory(new NettyTransportFactory(), clock);
    channel = Channel.builder("ipv4:" + server.hostPort()).transport(factory).build();
    assertThat(NamedBackend.who(channel).ok()).isTrue();
    factory.attempts.get(0).transport().terminationFuture().get(30, TimeUnit.SECONDS);
    assertThat(NamedBackend.who(channel).ok()).as("a new connection serves the next call")
        .isTrue();
  }

  @Test
  void maxConnections_connectionOverTheLimit_refusedWithAClearMessage() throws Exception {
    NettyServerListener listener = NettyServerListener.forAddress(loopback())
        .maxConnections(1).build();
    NamedBackend backend = NamedBackend.start("small", listener);
    try {
      InetSocketAddress bound = (InetSocketAddress) listener.boundAddress();
      String target = "ipv4:127.0.0.1:" + bound.getPort();
      channel = Channel.forTarget(target);
      assertThat(NamedBackend.who(channel).ok()).isTrue();
      second = Channel.forTarget(target);
      Reply refused = NamedBackend.who(second);
      assertThat(refused.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(refused.status().description()).contains("too many connections");
      assertThat(listener.stats().refused()).isGreaterThanOrEqualTo(1);
    } finally {
      backend.close();
    }
  }
}
