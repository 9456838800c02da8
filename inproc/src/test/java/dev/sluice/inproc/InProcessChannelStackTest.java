package dev.sluice.inproc;

import dev.sluice.testing.AbstractChannelStackTest;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import java.util.concurrent.atomic.AtomicInteger;

/** The whole-stack conformance scenarios over the in-process transport. */
class InProcessChannelStackTest extends AbstractChannelStackTest {

  private static final AtomicInteger NAMES = new AtomicInteger();

  @Override
  protected ServerListener newServerListener() {
    return new InProcessServerListener("stack-test-" + NAMES.incrementAndGet());
  }

  @Override
  protected Connector newConnector(ServerListener started) {
    return new InProcessConnector(started.address().substring("inproc:".length()));
  }
}
