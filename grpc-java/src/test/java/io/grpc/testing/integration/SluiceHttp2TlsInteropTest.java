package io.grpc.testing.integration;

import dev.sluice.grpcjava.SluiceChannelBuilder;
import dev.sluice.grpcjava.SluiceServerBuilder;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * grpc-java's interop suite over Sluice's HTTP/2 with TLS: the server has grpc-java's interop
 * certificate ({@code *.test.google.fr}), the client trusts grpc-java's test CA and names the
 * server {@code foo.test.google.fr}, as grpc-java's own TLS interop tests do.
 */
@RunWith(JUnit4.class)
public class SluiceHttp2TlsInteropTest extends AbstractInteropTest {

  private static byte[] cert(String name) {
    try (InputStream in = SluiceHttp2TlsInteropTest.class.getResourceAsStream(
        "/dev/sluice/grpcjava/certs/" + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing test certificate " + name
            + " (unpacked from io.grpc:grpc-testing by the build)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected ServerBuilder<?> getServerBuilder() {
    return SluiceServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .useTransportSecurity(new java.io.ByteArrayInputStream(cert("server1.pem")),
            new java.io.ByteArrayInputStream(cert("server1.key")))
        .maxInboundMessageSize(AbstractInteropTest.MAX_MESSAGE_SIZE);
  }

  @Override
  protected ManagedChannelBuilder<?> createChannelBuilder() {
    int port = ((InetSocketAddress) getListenAddress()).getPort();
    return SluiceChannelBuilder.forAddress("127.0.0.1", port)
        .trustRoots(cert("ca.pem"))
        .overrideAuthority("foo.test.google.fr")
        .maxInboundMessageSize(AbstractInteropTest.MAX_MESSAGE_SIZE);
  }

  /** The suite's exact census figures come from grpc-core's own channel and server only. */
  @Override
  protected boolean metricsExpected() {
    return false;
  }
}
