package dev.sluice.h2.netty;

import dev.sluice.transport.Endpoint;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.SocketAddress;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * The {@link Endpoint} of a Netty channel. Reads the channel's live state on each call, so it is
 * safe from any thread and tells the truth after the handshake or the close.
 */
public final class ChannelEndpoint implements Endpoint {

  private final Channel channel;

  /**
   * The endpoint of {@code channel}, read live from it.
   *
   * @param channel the connection's Netty channel, open or not
   */
  public ChannelEndpoint(Channel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  @Override
  public SocketAddress localAddress() {
    return SocketAddresses.forApi(channel.localAddress());
  }

  @Override
  public SocketAddress remoteAddress() {
    return SocketAddresses.forApi(channel.remoteAddress());
  }

  /** {@code 127.0.0.1:50051}, {@code unix:/path} or {@code local:name}; "unknown" before connect. */
  @Override
  public String peer() {
    String peer = SocketAddresses.format(channel.remoteAddress());
    return peer != null ? peer : "unknown";
  }

  /** True when an {@link SslHandler} is in the channel's pipeline. */
  @Override
  public boolean isSecure() {
    return channel.pipeline().get(SslHandler.class) != null;
  }

  /**
   * The TLS session, for peer certificates and the cipher suite; null without TLS. Before the
   * handshake completes it is a session with no peer yet.
   *
   * @return the session, or null for a plaintext connection
   */
  public SSLSession sslSession() {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    return ssl == null ? null : ssl.engine().getSession();
  }

  /** {@return the channel, for diagnostics} */
  public Channel channel() {
    return channel;
  }

  @Override
  public String toString() {
    return "ChannelEndpoint{" + peer() + (isSecure() ? ", tls" : "") + "}";
  }
}
