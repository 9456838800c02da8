package dev.sluice.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.testing.NamedBackend;
import dev.sluice.transport.ClientTransportFactory;
import dev.sluice.transport.ClientTransportOptions;
import dev.sluice.transport.Transport;
import java.net.SocketAddress;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.sluice.transport.ServerListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A channel picks the OkHttp transport when its builder is given the factory, over h2c and TLS,
 * and finds it on the class path below Sluice's own HTTP/2.
 */
class OkHttpChannelSelectionTest {

  @Test
  void channel_builderGivenOkHttpFactory_callsGoThroughOkHttp() throws Exception {
    ServerListener listener = SluiceServerKit.listener(false);
    try (NamedBackend backend = NamedBackend.start("plain", listener)) {
      List<Transport> made = new CopyOnWriteArrayList<>();
      OkHttpTransportFactory okhttp = new OkHttpTransportFactory();
      ClientTransportFactory recording = new ClientTransportFactory() {
        @Override
        public Transport newTransport(SocketAddress address, ClientTransportOptions options) {
          Transport t = okhttp.newTransport(address, options);
          made.add(t);
          return t;
        }

        @Override
        public boolean supportsAddress(SocketAddress address) {
          return okhttp.supportsAddress(address);
        }
      };
      Channel channel = Channel.builder("ipv4:127.0.0.1:" + SluiceServerKit.port(listener))
          .transport(recording)
          .build();
      try {
        NamedBackend.Reply reply = NamedBackend.who(channel);
        assertThat(reply.ok()).as("reply %s", reply).isTrue();
        assertThat(reply.message()).isEqualTo("plain");
        assertThat(made).isNotEmpty().allMatch(t -> t instanceof OkHttpTransport);
        assertThat(made.get(0).endpoint()).as("the connection the call used").isNotNull();
      } finally {
        channel.shutdownNow();
        channel.awaitTermination(Duration.ofSeconds(10));
      }
    }
  }

  @Test
  void channel_okHttpFactoryWithTls_callsSucceedWithTheAuthorityChecked() throws Exception {
    ServerListener listener = SluiceServerKit.listener(true);
    try (NamedBackend backend = NamedBackend.start("secure", listener)) {
      Channel channel = Channel.builder("dns:///localhost:" + SluiceServerKit.port(listener))
          .transport(SluiceServerKit.factory(true))
          .build();
      try {
        NamedBackend.Reply reply = NamedBackend.who(channel);
        assertThat(reply.ok()).as("reply %s", reply).isTrue();
        assertThat(reply.message()).isEqualTo("secure");
        NamedBackend.Reply authority = NamedBackend.call(channel, NamedBackend.AUTHORITY,
            CallOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        assertThat(authority.message()).isEqualTo("localhost:" + SluiceServerKit.port(listener));
      } finally {
        channel.shutdownNow();
        channel.awaitTermination(Duration.ofSeconds(10));
      }
    }
  }

  @Test
  void serviceLoader_bothTransportsPresent_okHttpRanksBelowSluiceH2() {
    List<ClientTransportFactory> found = new ArrayList<>();
    ServiceLoader.load(ClientTransportFactory.class).forEach(found::add);
    ClientTransportFactory okhttp = found.stream()
        .filter(f -> f instanceof OkHttpTransportFactory).findFirst().orElseThrow();
    ClientTransportFactory h2 = found.stream()
        .filter(f -> f.getClass().getSimpleName().equals("NettyTransportFactory")).findFirst()
        .orElseThrow();
    assertThat(okhttp.priority()).isLessThan(h2.priority());
  }
}
