package io.grpc.testing.integration;

import dev.sluice.grpcjava.SluiceChannelBuilder;
import dev.sluice.grpcjava.SluiceServerBuilder;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import java.net.InetSocketAddress;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * grpc-java's own interop suite, every case of it, with both ends on Sluice: grpc-java's stubs
 * through {@link SluiceChannelBuilder} to grpc-java's {@code TestServiceImpl} hosted by {@link
 * SluiceServerBuilder}, over Sluice's HTTP/2 on loopback, plaintext. In grpc-java's package
 * because the suite's listen address is package-private.
 */
@RunWith(JUnit4.class)
public class SluiceHttp2PlaintextInteropTest extends AbstractInteropTest {

  @Override
  protected ServerBuilder<?> getServerBuilder() {
    return SluiceServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxInboundMessageSize(AbstractInteropTest.MAX_MESSAGE_SIZE);
  }

  @Override
  protected ManagedChannelBuilder<?> createChannelBuilder() {
    int port = ((InetSocketAddress) getListenAddress()).getPort();
    return SluiceChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .maxInboundMessageSize(AbstractInteropTest.MAX_MESSAGE_SIZE);
  }

  /** The suite's exact census figures come from grpc-core's own channel and server only. */
  @Override
  protected boolean metricsExpected() {
    return false;
  }
}
