package dev.sluice.h2;

import dev.sluice.h2.netty.FaultInjection;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.h2.netty.TestCerts;
import dev.sluice.h2.netty.TlsConfig;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import java.net.InetSocketAddress;

/** The whole conformance kit over HTTP/2 on loopback TCP with TLS (ALPN h2). */
class H2TlsTransportConformanceTest extends AbstractH2ConformanceTest {

  @Override
  protected ServerListener newServerListener() {
    TestCerts certs = TestCerts.shared();
    try {
      TlsConfig tls = TlsConfig.forServer(certs.serverCertChain(), certs.serverKey()).build();
      return NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0)).tls(tls)
          .config(H2KitSupport.KIT_CONFIG)
          .pipelineCustomizer(H2KitSupport.withKitAllocator(ch -> {})).build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected Connector newConnector(ServerListener listener) {
    int port = Integer.parseInt(listener.address().substring(listener.address().lastIndexOf(':') + 1));
    try {
      TlsConfig tls = TlsConfig.forClient().trustRoots(TestCerts.shared().caCert()).build();
      return NettyConnector.forAddress(new InetSocketAddress("localhost", port)).tls(tls)
          .config(H2KitSupport.KIT_CONFIG)
          .pipelineCustomizer(H2KitSupport.withKitAllocator(FaultInjection.builder().installer()))
          .build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
