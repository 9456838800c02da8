package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.h2.grpc.RequestHeaders;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * gRPC over Sluice's own HTTP/2, on one Netty channel (TCP, TLS, Unix socket or in-memory).
 *
 * <p>Every method hops onto the channel's event loop, which owns all of the connection's state
 * ({@link Http2Connection}); callbacks run there, in a later task than the call that handed them
 * over. Frames produced in one event-loop turn go out in one flush.
 */
public final class H2Transport implements Transport {

  private final Channel channel;
  private final EventLoop loop;
  private final Http2Connection connection;
  private final boolean client;

  private H2Transport(Channel channel, Http2Connection connection, boolean client) {
    this.channel = channel;
    this.loop = channel.eventLoop();
    this.connection = connection;
    this.client = client;
  }

  /**
   * A client transport on {@code channel}, which must be registered with an event loop and may
   * still be connecting. The HTTP/2 handler goes at the end of the pipeline; it starts when the
   * channel is active, or, when an {@code SslHandler} is in the pipeline, once the handshake has
   * agreed on {@code h2}.
   *
   * @param scheme {@code http} or {@code https}, for {@code :scheme}
   * @param authority the default {@code :authority}
   * @param channel the connected channel, with its {@code SslHandler} first when TLS is used
   * @param config the connection's HTTP/2 settings and limits
   * @return the transport; it owns the channel from now on
   */
  public static H2Transport client(Channel channel, H2Config config, String scheme,
      String authority) {
    Objects.requireNonNull(channel, "channel");
    Http2Connection c = new Http2Connection(true, config, scheme, authority);
    H2Transport t = new H2Transport(channel, c, true);
    c.attach(t, channel);
    return t;
  }

  /**
   * A server transport on an accepted {@code channel}; see {@link #client}.
   *
   * @param channel the accepted channel, with its {@code SslHandler} first when TLS is used
   * @param config the connection's HTTP/2 settings and limits
   * @return the transport; it owns the channel from now on
   */
  public static H2Transport server(Channel channel, H2Config config) {
    Objects.requireNonNull(channel, "channel");
    Http2Connection c = new Http2Connection(false, config, null, null);
    H2Transport t = new H2Transport(channel, c, false);
    c.attach(t, channel);
    return t;
  }

  @Override
  public String name() {
    return "h2";
  }

  @Override
  public boolean isClient() {
    return client;
  }

  @Override
  public TransportStream initStream(CallHead head) {
    if (!client) {
      throw new UnsupportedOperationException("Server streams come from the accept callback");
    }
    return connection.newClientStream(head);
  }

  @Override
  public void performStreamOp(TransportStream stream, StreamOpBatch batch) {
    H2Stream s = (H2Stream) stream;
    // Always a new task, even on the event loop: callbacks never run inside this call.
    loop.execute(() -> connection.performStreamOp(s, batch));
  }

  @Override
  public void destroyStream(TransportStream stream) {
    H2Stream s = (H2Stream) stream;
    loop.execute(() -> connection.destroyStream(s));
  }

  @Override
  public void performTransportOp(TransportOp op) {
    if (op instanceof TransportOp.SetAcceptStream && loop.inEventLoop()) {
      // Installed at once when the server does it from the new-connection callback, so a
      // stream already in the socket's first read is not refused. It runs no callback.
      connection.performTransportOp(op);
      return;
    }
    if (op instanceof TransportOp.Goaway || op instanceof TransportOp.Disconnect) {
      connection.end.requestShutdown();
    }
    loop.execute(() -> connection.performTransportOp(op));
  }

  @Override
  public void shutdown(Status status) {
    // Streams that arrive from now on are refused, even before the loop runs the shutdown.
    connection.end.requestShutdown();
    loop.execute(() -> connection.end.shutdown(status));
  }

  @Override
  public void close(Status status) {
    connection.end.requestShutdown();
    loop.execute(() -> connection.end.close(status));
  }

  @Override
  public CompletableFuture<Void> terminationFuture() {
    return connection.terminationFuture();
  }

  @Override
  public Endpoint endpoint() {
    return connection.endpoint();
  }

  /**
   * Runs {@code hook} (on the event loop) when the server ends the connection with GOAWAY
   * ENHANCE_YOUR_CALM "too_many_pings" (gRFC A8). Set it before the connection starts.
   *
   * @param hook what to run, once per such GOAWAY
   */
  public void onTooManyPings(Runnable hook) {
    connection.onTooManyPings = Objects.requireNonNull(hook, "hook");
  }

  /**
   * Client: names the application first in each request's {@code user-agent}, as {@code
   * "prefix sluice-java/<version>"} (null: Sluice's own alone). Set it before the first call.
   *
   * @param prefix the application's product token, such as {@code "my-app/1.2"}, or null
   */
  public void userAgent(String prefix) {
    connection.userAgent = RequestHeaders.userAgent(prefix);
  }

  /** {@return the Netty channel under this transport (for tests that inject faults)} */
  public Channel channel() {
    return channel;
  }

  @Override
  public String toString() {
    return "H2Transport{" + (client ? "client" : "server") + ", " + channel + "}";
  }
}
