package dev.sluice.testing.loopback;

import dev.sluice.testing.AbstractTransportTest;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;

/** Runs the kit against its own reference transport, proving the kit runs and can pass. */
class LoopbackTransportConformanceTest extends AbstractTransportTest {

  @Override
  protected ServerListener newServerListener() {
    return new LoopbackListener();
  }

  @Override
  protected Connector newConnector(ServerListener listener) {
    return new LoopbackConnector(listener.address());
  }

  @Override
  protected boolean hasWire() {
    return false;
  }
}
