package dev.sluice.inproc;

import dev.sluice.testing.AbstractTransportTest;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import java.util.UUID;

/** The transport conformance kit, run against the in-process transport. */
class InProcessTransportConformanceTest extends AbstractTransportTest {

  @Override
  protected ServerListener newServerListener() {
    return new InProcessServerListener("kit-" + UUID.randomUUID());
  }

  @Override
  protected Connector newConnector(ServerListener listener) {
    return new InProcessConnector(((InProcessServerListener) listener).name());
  }

  @Override
  protected boolean hasWire() {
    return false;
  }
}
