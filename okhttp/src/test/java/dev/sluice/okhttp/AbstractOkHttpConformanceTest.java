package dev.sluice.okhttp;

import dev.sluice.testing.AbstractTransportTest;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import dev.sluice.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance kit, mixed: OkHttp's client transport against Sluice's own HTTP/2 server (as
 * the gRPC core tests a client transport against the chttp2 server). Every kit test runs; what
 * the OkHttp client cannot do is skipped through the kit's capability methods, each with its
 * reason:
 *
 * <ul>
 *   <li>{@link #supportsPing()}: OkHttp has no public API to send an HTTP/2 PING.
 *   <li>{@link #clientOwnsOneConnection()}: OkHttp connects on the first stream and replaces a
 *       GOAWAY'd connection by itself.
 *   <li>{@link #sendFrameAfterReset} and {@link #injectGarbage}: they need bytes written into the
 *       client's connection from below, and OkHttp's public API has no such hook.
 * </ul>
 */
abstract class AbstractOkHttpConformanceTest extends AbstractTransportTest {

  private long pooledBefore;

  abstract boolean tls();

  @BeforeEach
  final void recordPooledMemory() {
    pooledBefore = SluiceServerKit.pooledBytesInUse();
  }

  @Override
  protected ServerListener newServerListener() {
    return SluiceServerKit.listener(tls());
  }

  @Override
  protected Connector newConnector(ServerListener listener) {
    InetSocketAddress address =
        new InetSocketAddress("127.0.0.1", SluiceServerKit.port(listener));
    return new OkHttpConnector(address, SluiceServerKit.factory(tls()),
        "localhost:" + address.getPort(), Duration.ofSeconds(10));
  }

  @Override
  protected String pairing() {
    return "OkHttp client against Sluice's h2 server (" + (tls() ? "TLS" : "h2c") + ")";
  }

  @Override
  protected boolean supportsPing() {
    return false;
  }

  @Override
  protected boolean clientOwnsOneConnection() {
    return false;
  }

  @Override
  protected int maxConcurrentStreams() {
    return 100;
  }

  @Override
  protected int maxHeaderListSize() {
    return dev.sluice.h2.H2Config.DEFAULT.maxHeaderListSize();
  }

  @Override
  protected void checkNoLeaks() {
    SluiceServerKit.awaitPooledMemoryBack(pooledBefore, timeout());
  }

  @Override
  protected void dropConnection(Transport client) {
    try {
      ((OkHttpTransport) client).dropConnections();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void sendFrameAfterReset(Transport client, dev.sluice.transport.TransportStream s) {
    org.junit.jupiter.api.Assumptions.abort(pairing() + ": writing a frame into the client's"
        + " connection from below needs a hook inside OkHttp's connection, which its public API"
        + " does not have");
  }

  @Override
  protected void injectGarbage(Transport client) {
    org.junit.jupiter.api.Assumptions.abort(pairing() + ": writing garbage into the client's"
        + " connection from below needs a hook inside OkHttp's connection, which its public API"
        + " does not have");
  }
}
