package dev.sluice.testing;

import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The transport conformance kit: every scenario of docs/conformance-kit.md that is about a
 * transport, run against the transport a subclass provides.
 *
 * <p>A transport's test extends this class and implements the two factories; it inherits every
 * test, grouped by theme in {@link Nested} classes. What a transport cannot do is skipped through
 * an assumption (override the capability methods), never passed silently:
 *
 * <pre>{@code
 * class InProcessTransportConformanceTest extends AbstractTransportTest {
 *   protected ServerListener newServerListener() { return new InProcessServerListener(uniqueName()); }
 *   protected Connector newConnector(ServerListener l) { return new InProcessConnector(l.address()); }
 *   protected boolean hasWire() { return false; }
 * }
 * }</pre>
 *
 * <p>The kit drives transports directly through the SPI ({@code initStream}, {@code
 * performStreamOp}, ...). Every test gets a fresh {@link TransportHarness}; after every test the
 * harness destroys every stream, closes every transport, waits for termination and for every
 * callback, and fails the test if any callback ran twice, ran inline inside {@code
 * performStreamOp}, or never ran. Timeouts are hang guards only; no test measures speed.
 */
public abstract class AbstractTransportTest {

  private TransportHarness harness;

  // ---- what a transport provides ----

  /**
   * A fresh, unstarted listener; the kit starts it and shuts it down.
   *
   * @return a listener of the transport under test, not started
   */
  protected abstract ServerListener newServerListener();

  /**
   * A connector to {@code listener}. The kit may also pass a listener it has already shut down:
   * connecting must then fail (streams end with UNAVAILABLE), never hang.
   *
   * @param listener a listener from {@link #newServerListener()}, started or already shut down
   * @return a connector that makes client transports to {@code listener}
   */
  protected abstract Connector newConnector(ServerListener listener);

  /**
   * False for transports with no byte stream under them: wire-only tests are skipped.
   *
   * @return whether the transport moves bytes over a connection; true unless overridden
   */
  protected boolean hasWire() {
    return true;
  }

  /**
   * False when the transport cannot ping; the kit then checks that a ping fails cleanly.
   *
   * @return whether the transport supports pings; true unless overridden
   */
  protected boolean supportsPing() {
    return true;
  }

  /**
   * False when a client transport stands for an address rather than for one connection: it
   * connects when its first stream starts, and after the server's GOAWAY (or graceful shutdown)
   * its stack opens a new connection for new streams instead of failing them (OkHttp manages its
   * connections so). The tests about one connection's life are then skipped: a server transport
   * made before any stream, and new streams failing UNAVAILABLE after a GOAWAY.
   *
   * @return true (the default) when the client transport is one connection
   */
  protected boolean clientOwnsOneConnection() {
    return true;
  }

  /**
   * A short name of the pairing the kit runs, for skip reasons: the client's implementation
   * against the server's, such as {@code "OkHttp client against Sluice's h2 server"}. The kit
   * obtains the two ends separately ({@link #newServerListener()}, {@link #newConnector}), so a
   * client transport of one implementation may run against a server transport of another.
   *
   * @return the pairing's name; the test class's simple name by default
   */
  protected String pairing() {
    return getClass().getSimpleName();
  }

  /**
   * The server's limit of concurrent streams per connection, or {@code Integer.MAX_VALUE}.
   *
   * @return the stream limit the concurrency tests expect; {@code Integer.MAX_VALUE} unless
   *     overridden
   */
  protected int maxConcurrentStreams() {
    return Integer.MAX_VALUE;
  }

  /**
   * The largest header list (as {@link dev.sluice.Metadata#headerListSize()} counts it) the
   * transport accepts, or -1 when it has no limit (the over-limit test is then skipped).
   *
   * @return the header list limit in bytes, or -1; -1 unless overridden
   */
  protected int maxHeaderListSize() {
    return -1;
  }

  /**
   * The largest message the size round trip sends (it goes up to 16 MiB) and the size of the
   * both-ways test's messages (4 MiB), or less for an endpoint where those would be too slow;
   * larger round-trip sizes are then skipped, not passed.
   *
   * @return the size in bytes; no cap ({@code Integer.MAX_VALUE}) unless overridden
   */
  protected int largestRoundTripMessage() {
    return Integer.MAX_VALUE;
  }

  /**
   * The hang guard for each wait; raise it for slow transports.
   *
   * @return how long any one wait may take before the test fails as hung
   */
  protected Duration timeout() {
    return Duration.ofSeconds(10);
  }

  /**
   * Called after every test once all transports terminated: fail (throw AssertionError) when a
   * buffer or other resource of the transport leaked, e.g. when a wire transport's pooled memory
   * in use has not returned to its level before the test (wait for it: a transport may release on
   * its own thread a moment after terminating).
   *
   * <p>The kit checks by itself, for every transport, that each message body it handed over
   * ({@link RecordingBatch#sendBody}) was released exactly once and not read after, and
   * {@code LeakDetectionExtension} fails a test in which Netty reports a leak. Default: nothing
   * more.
   */
  protected void checkNoLeaks() {}

  // ---- wire-only hooks (tests using them are skipped unless hasWire()) ----

  /**
   * Cuts {@code client}'s connection abruptly, as a network failure would.
   *
   * @param client a client transport the harness made; the test then expects its streams to fail
   *     with UNAVAILABLE
   */
  protected void dropConnection(Transport client) {
    Assumptions.abort("dropConnection not implemented by this transport's test");
  }

  /**
   * Makes the server peer of {@code client} send a DATA frame on {@code stream}, which the client
   * has already reset (RST_STREAM).
   *
   * @param client a client transport the harness made
   * @param stream a stream of {@code client} that the client has reset
   */
  protected void sendFrameAfterReset(Transport client, TransportStream stream) {
    Assumptions.abort("sendFrameAfterReset not implemented by this transport's test");
  }

  /**
   * Makes the server peer of {@code client} write bytes that are not a valid frame.
   *
   * @param client a client transport the harness made; its connection is then expected to fail
   */
  protected void injectGarbage(Transport client) {
    Assumptions.abort("injectGarbage not implemented by this transport's test");
  }

  // ---- per-test world ----

  /**
   * The current test's harness.
   *
   * @return the harness that owns the transports, ledgers and timeouts of the running test
   */
  protected final TransportHarness harness() {
    if (harness == null) {
      throw new IllegalStateException("no test running");
    }
    return harness;
  }

  @BeforeEach
  final void createHarness() {
    harness = new TransportHarness(this);
  }

  @AfterEach
  final void tearDownHarness() throws InterruptedException {
    TransportHarness h = harness;
    harness = null;
    if (h != null) {
      h.tearDown();
    }
  }

  // ---- the themes ----

  @Nested
  @DisplayName("Lifecycle (1-7)")
  class Lifecycle extends LifecycleTests {
    Lifecycle() {
      super(AbstractTransportTest.this);
    }
  }

  @Nested
  @DisplayName("Timelines (8-13)")
  class Timelines extends TimelineTests {
    Timelines() {
      super(AbstractTransportTest.this);
    }
  }

  @Nested
  @DisplayName("Ordering (14-25)")
  class Ordering extends OrderingTests {
    Ordering() {
      super(AbstractTransportTest.this);
    }
  }

  @Nested
  @DisplayName("Cancellation (26-34)")
  class Cancellation extends CancellationTests {
    Cancellation() {
      super(AbstractTransportTest.this);
    }
  }

  @Nested
  @DisplayName("destroyStream with ops pending")
  class Destroy extends DestroyTests {
    Destroy() {
      super(AbstractTransportTest.this);
    }
  }

  @Nested
  @DisplayName("Metadata and status (38-41)")
  class MetadataAndStatus extends MetadataStatusTests {
    MetadataAndStatus() {
      super(AbstractTransportTest.this);
    }
  }

  @Nested
  @DisplayName("Messages and flow control (42-47)")
  class MessagesAndFlowControl extends MessageFlowTests {
    MessagesAndFlowControl() {
      super(AbstractTransportTest.this);
    }
  }

  @Nested
  @DisplayName("Transport ops (48-50)")
  class TransportOps extends TransportOpTests {
    TransportOps() {
      super(AbstractTransportTest.this);
    }
  }

  @Nested
  @DisplayName("Statistics (51-52)")
  class Statistics extends StatisticsTests {
    Statistics() {
      super(AbstractTransportTest.this);
    }
  }

  @Nested
  @DisplayName("Broken peer, wire only (53-55)")
  class BrokenPeer extends BrokenPeerTests {
    BrokenPeer() {
      super(AbstractTransportTest.this);
    }
  }
}
