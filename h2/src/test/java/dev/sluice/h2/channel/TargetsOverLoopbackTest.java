package dev.sluice.h2.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Status;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.h2.netty.EventLoops;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.h2.netty.NettyTransportFactory;
import dev.sluice.h2.netty.TestCerts;
import dev.sluice.testing.NamedBackend;
import dev.sluice.testing.NamedBackend.Reply;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Targets of each scheme, over real sockets. */
class TargetsOverLoopbackTest {

  private final Backends backends = new Backends();
  private Channel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }
    backends.close();
  }

  @Test
  void localhost_reachesTheServerOnEachFamilyLocalhostHas() throws Exception {
    Backends.Started v4 = backends.startOn("v4", "127.0.0.1");
    int port = v4.address().getPort();
    boolean v6 = false;
    try {
      backends.start("v6", new InetSocketAddress(InetAddress.getByName("::1"), port));
      v6 = true;
    } catch (IOException e) {
      // no IPv6 loopback here (or its port is taken): IPv4 alone
    }
    Set<String> expected = new HashSet<>();
    for (InetAddress a : InetAddress.getAllByName("localhost")) {
      expected.add(a instanceof Inet6Address ? "v6" : "v4");
    }
    if (!v6) {
      assumeThat(expected).doesNotContain("v6");
    }
    channel = Channel.builder("localhost:" + port).defaultLoadBalancingPolicy("round_robin")
        .build();

    Set<String> reached = new HashSet<>();
    for (int i = 0; i < 100 && reached.size() < expected.size(); i++) {
      Reply r = NamedBackend.who(channel, CallOptions.DEFAULT.withWaitForReady());
      assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
      reached.add(r.message());
    }

    assertThat(reached).isEqualTo(expected);
    Reply authority = NamedBackend.call(channel, NamedBackend.AUTHORITY, CallOptions.DEFAULT)
        .get();
    assertThat(authority.message()).isEqualTo("localhost:" + port);
  }

  @Test
  void dnsTarget_unknownHost_failsCallsWithTheResolversError() throws Exception {
    channel = Channel.forTarget("dns:///no-such-host.invalid:1");

    Reply r = NamedBackend.who(channel);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(r.status().description())
        .startsWith("Unable to resolve host no-such-host.invalid: java.net.UnknownHostException");
    assertThat(channel.getState(false)).isEqualTo(
        dev.sluice.transport.ConnectivityState.TRANSIENT_FAILURE);
  }

  @Test
  void dnsTarget_withoutPort_usesPort80PlaintextAnd443WithTls() throws Exception {
    ManualTimeSource clock = new ManualTimeSource();
    RecordingFactory plain = new RecordingFactory(new NettyTransportFactory(), clock);
    RecordingFactory tls = new RecordingFactory(NettyTransportFactory.builder()
        .tls(TestCerts.shared().client().build()).build(), clock);
    try (Channel a = Channel.builder("dns:///127.0.0.1").transport(plain).timeSource(clock)
        .build();
        Channel b = Channel.builder("127.0.0.1").transport(tls).timeSource(clock).build()) {
      a.getState(true);
      b.getState(true);
      Await.until("both connection attempts",
          () -> plain.attempts.size() == 1 && tls.attempts.size() == 1);

      assertThat(plain.attempts.get(0).address()).isEqualTo(new InetSocketAddress("127.0.0.1", 80));
      assertThat(tls.attempts.get(0).address()).isEqualTo(new InetSocketAddress("127.0.0.1", 443));
      assertThat(a.authority()).isEqualTo("127.0.0.1");
      assertThat(plain.attempts.get(0).options().authority()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void dnsTarget_overTls_verifiesTheTargetsHostName() throws Exception {
    NettyServerListener l = NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .tls(TestCerts.shared().server().build()).build();
    NamedBackend secure = NamedBackend.start("secure", l);
    try {
      int port = ((InetSocketAddress) l.boundAddress()).getPort();
      channel = Channel.builder("dns:///localhost:" + port)
          .transport(NettyTransportFactory.builder().tls(TestCerts.shared().client().build())
              .build())
          .build();

      Reply r = NamedBackend.who(channel);

      assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
      assertThat(r.message()).isEqualTo("secure");
    } finally {
      secure.close();
    }
  }

  @Test
  void unixTargets_absoluteRelativeAndAbstract_reachTheirServers() throws Exception {
    assumeThat(EventLoops.kind()).isEqualTo(EventLoops.Kind.EPOLL);
    Path dir = Files.createTempDirectory("sluice-uds");
    Path absolute = dir.resolve("abs.sock");
    Path relative = Path.of("target", "rel-" + UUID.randomUUID() + ".sock");
    String abstractName = "sluice-test-" + UUID.randomUUID();
    backends.start("absolute", new DomainSocketAddress(absolute.toString()));
    backends.start("relative", new DomainSocketAddress(relative.toString()));
    backends.start("abstract", new DomainSocketAddress("\0" + abstractName));
    try {
      for (List<String> t : List.of(List.of("unix://" + absolute, "absolute"),
          List.of("unix:" + absolute, "absolute"), List.of("unix:" + relative, "relative"),
          List.of("unix-abstract:" + abstractName, "abstract"))) {
        try (Channel c = Channel.forTarget(t.get(0))) {
          Reply r = NamedBackend.who(c);
          assertThat(r.ok()).as(t.get(0) + ": " + r.status()).isTrue();
          assertThat(r.message()).isEqualTo(t.get(1));
          assertThat(NamedBackend.call(c, NamedBackend.AUTHORITY, CallOptions.DEFAULT).get()
              .message()).isEqualTo("localhost");
        }
      }
    } finally {
      Files.deleteIfExists(relative);
    }
  }

  @Test
  void build_malformedTarget_throwsNamingIt() {
    assertThatThrownBy(() -> Channel.forTarget("dns:///host:99999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid target 'dns:///host:99999': port 99999 is outside 1..65535");
    assertThatThrownBy(() -> Channel.builder("ipv4:127.0.0.1:1")
        .defaultLoadBalancingPolicy("fastest").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown load-balancing policy 'fastest'");
    assertThatThrownBy(() -> Channel.builder("ipv4:127.0.0.1:1")
        .defaultLoadBalancingPolicy("pick_first", java.util.Map.of("shuffleAddressList", "yes"))
        .build())
        .hasMessageContaining("shuffleAddressList must be a boolean");
  }
}
