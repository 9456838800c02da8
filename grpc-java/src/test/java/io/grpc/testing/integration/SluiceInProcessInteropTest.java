package io.grpc.testing.integration;

import dev.sluice.grpcjava.SluiceChannelBuilder;
import dev.sluice.grpcjava.SluiceServerBuilder;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import java.util.UUID;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** grpc-java's interop suite over Sluice's in-process transport: both ends in this JVM. */
@RunWith(JUnit4.class)
public class SluiceInProcessInteropTest extends AbstractInteropTest {

  private final String name = "grpc-java-interop-" + UUID.randomUUID();

  @Override
  protected ServerBuilder<?> getServerBuilder() {
    return SluiceServerBuilder.forInProcess(name)
        .maxInboundMessageSize(AbstractInteropTest.MAX_MESSAGE_SIZE);
  }

  @Override
  protected ManagedChannelBuilder<?> createChannelBuilder() {
    return SluiceChannelBuilder.forInProcess(name)
        .maxInboundMessageSize(AbstractInteropTest.MAX_MESSAGE_SIZE);
  }

  /** The suite's exact census figures come from grpc-core's own channel and server only. */
  @Override
  protected boolean metricsExpected() {
    return false;
  }
}
