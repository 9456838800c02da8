package dev.sluice.h2;

import dev.sluice.testing.AbstractTransportTest;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance kit for HTTP/2: what every endpoint shares (limits and the wire-only hooks).
 * Subclasses say which endpoint: in memory, TCP, TLS.
 */
abstract class AbstractH2ConformanceTest extends AbstractTransportTest {

  private long pooledBefore;

  /** Subclasses give both ends {@link H2KitSupport#ALLOCATOR} (withKitAllocator). */
  @BeforeEach
  final void recordPooledMemory() {
    pooledBefore = H2KitSupport.pooledBytesInUse();
  }

  /** Every pooled buffer either end took is back once both transports closed. */
  @Override
  protected void checkNoLeaks() {
    H2KitSupport.awaitPooledMemoryBack(pooledBefore, timeout());
  }

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
