package dev.sluice.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Status;
import dev.sluice.transport.LinuxAbstractSocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Target strings, good and bad, through the registry every channel uses. */
class TargetsTest {

  private static final NameResolver.Args PLAINTEXT =
      new NameResolver.Args(80, Runnable::run, new ManualTimeSource(), null);

  static Stream<Arguments> goodTargets() throws Exception {
    return Stream.of(
        good("dns:///127.0.0.1:50051", "dns", "127.0.0.1:50051", inet("127.0.0.1", 50051)),
        good("127.0.0.1:50051", "dns", "127.0.0.1:50051", inet("127.0.0.1", 50051)),
        good("[::1]:50051", "dns", "[::1]:50051", inet("::1", 50051)),
        good("dns:///127.0.0.1", "dns", "127.0.0.1", inet("127.0.0.1", 80)),
        good("127.0.0.1", "dns", "127.0.0.1", inet("127.0.0.1", 80)),
        good("dns:127.0.0.1:9", "dns", "127.0.0.1:9", inet("127.0.0.1", 9)),
        good("DNS:///127.0.0.1:9", "dns", "127.0.0.1:9", inet("127.0.0.1", 9)),
        good("dns://127.0.0.1:5353/10.1.2.3:7", "dns", "10.1.2.3:7", inet("10.1.2.3", 7)),
        good("localhost:50051", "dns", "localhost:50051", (SocketAddress[]) null),
        good("example.com", "dns", "example.com", (SocketAddress[]) null),
        good("unix:/tmp/s.sock", "unix", "localhost", UnixDomainSocketAddress.of("/tmp/s.sock")),
        good("unix:///tmp/s.sock", "unix", "localhost",
            UnixDomainSocketAddress.of("/tmp/s.sock")),
        good("unix:relative.sock", "unix", "localhost",
            UnixDomainSocketAddress.of("relative.sock")),
        good("unix-abstract:my-name", "unix-abstract", "localhost",
            new LinuxAbstractSocketAddress("my-name")),
        good("ipv4:127.0.0.1:1,127.0.0.2:2", "ipv4", "127.0.0.1:1", inet("127.0.0.1", 1),
            inet("127.0.0.2", 2)),
        good("ipv4:10.0.0.1", "ipv4", "10.0.0.1", inet("10.0.0.1", 80)),
        good("ipv6:[::1]:3,[::2]:4", "ipv6", "[::1]:3", inet("::1", 3), inet("::2", 4)),
        good("ipv6:::1", "ipv6", "::1", inet("::1", 80)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodTargets")
  void newResolver_goodTarget_hasSchemeAuthorityAndAddresses(String target, String scheme,
      String authority, List<SocketAddress> addresses) throws Exception {
    NameResolverRegistry registry = NameResolverRegistry.withDefaults();

    assertThat(registry.select(target).target().scheme()).isEqualTo(scheme);
    NameResolver r = registry.newResolver(target, PLAINTEXT);
    assertThat(r.serviceAuthority()).isEqualTo(authority);
    if (addresses != null) {
      assertThat(resolve(r)).containsExactlyElementsOf(addresses);
    }
  }

  static Stream<Arguments> badTargets() {
    return Stream.of(
        bad("", "it is empty"),
        bad("foo:/bar", "no name resolver for scheme 'foo'"),
        bad("dns:///", "the host is empty"),
        bad("dns:///host:", "the port after ':' is empty"),
        bad("dns:///host:0", "port 0 is outside 1..65535"),
        bad("dns:///host:65536", "port 65536 is outside 1..65535"),
        bad("dns:///host:http", "port 'http' is not a number"),
        bad("dns:///ho st:80", "cannot be in a host name: ' '"),
        bad("dns:///[::1:80", "without a closing ']'"),
        bad("dns:///[::1]x", "only ':port' may follow ']'"),
        bad("dns:///[127.0.0.1]:80", "brackets are for IPv6 addresses"),
        bad("dns://8.8.8.8", "a '/' must follow the DNS server"),
        bad("dns:///a/b", "'a/b' is not host[:port]"),
        bad("dns://8.8.8.8:x/host", "DNS server '8.8.8.8:x': port 'x' is not a number"),
        bad("localhost:http", "port 'http' is not a number"),
        bad("inproc:orders",
            "no resolver for scheme 'inproc', so it was read as a DNS name"),
        bad("unix:", "the socket path is empty"),
        bad("unix://host/path", "a unix target has no authority"),
        bad("unix-abstract:", "may not be empty"),
        bad("ipv4:", "no address after 'ipv4:'"),
        bad("ipv4:1.2.3:80", "'1.2.3' is not an ipv4 address"),
        bad("ipv4:256.0.0.1:80", "'256.0.0.1' is not an ipv4 address"),
        bad("ipv4:127.0.0.1:80,", "an empty entry"),
        bad("ipv4://1.2.3.4", "lists addresses right after the colon"),
        bad("ipv4:[::1]:80", "'::1' is not an ipv4 address"),
        bad("ipv6:::1:50051", "'::1:50051' is not an IPv6 address"),
        bad("ipv6:[::1]:99999", "port 99999 is outside 1..65535"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTargets")
  void newResolver_badTarget_throwsNamingTheTargetAndTheProblem(String target, String problem) {
    NameResolverRegistry registry = NameResolverRegistry.withDefaults();

    assertThatThrownBy(() -> registry.newResolver(target, PLAINTEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid target '" + target + "': ")
        .hasMessageContaining(problem);
  }

  private static Arguments good(String target, String scheme, String authority,
      SocketAddress... addresses) {
    return Arguments.of(target, scheme, authority,
        addresses == null ? null : List.of(addresses));
  }

  private static Arguments bad(String target, String problem) {
    return Arguments.of(target, problem);
  }

  private static InetSocketAddress inet(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  /** Starts {@code r} and returns the addresses of its first result. */
  static List<SocketAddress> resolve(NameResolver r) throws Exception {
    CompletableFuture<List<SocketAddress>> result = new CompletableFuture<>();
    r.start(new NameResolver.Listener() {
      @Override
      public void onResult(ResolutionResult res) {
        List<SocketAddress> all = new ArrayList<>();
        res.endpoints().forEach(e -> all.addAll(e.addresses()));
        result.complete(all);
      }

      @Override
      public void onError(Status error) {
        result.completeExceptionally(error.asException());
      }
    });
    try {
      return result.get(10, TimeUnit.SECONDS);
    } finally {
      r.shutdown();
    }
  }
}
