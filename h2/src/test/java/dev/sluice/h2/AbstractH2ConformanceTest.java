package dev.sluice.h2;

import dev.sluice.testing.AbstractTransportTest;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;

/**
 * The conformance kit for HTTP/2: what every endpoint shares (limits and the wire-only hooks).
 * Subclasses say which endpoint: in memory, TCP, TLS.
 */
abstract class AbstractH2ConformanceTest extends AbstractTransportTest {

  @Override
  protected int maxConcurrentStreams() {
    return H2KitSupport.KIT_CONFIG.maxConcurrentStreams();
  }

  @Override
  protected int maxHeaderListSize() {
    return H2KitSupport.KIT_CONFIG.maxHeaderListSize();
  }

  @Override
  protected void dropConnection(Transport client) {
    H2KitSupport.drop(client);
  }

  @Override
  protected void sendFrameAfterReset(Transport client, TransportStream stream) {
    H2KitSupport.frameAfterReset(client, stream);
  }

  @Override
  protected void injectGarbage(Transport client) {
    H2KitSupport.garbage(client);
  }
}
