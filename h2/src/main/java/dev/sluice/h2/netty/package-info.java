/**
 * The byte streams under Sluice's HTTP/2 transport: Netty channels over TCP (epoll where present,
 * NIO otherwise), Unix domain sockets, and the in-memory transport, with TLS (ALPN {@code h2}).
 *
 * <ul>
 *   <li>{@link dev.sluice.h2.netty.NettyServerListener} and {@link
 *       dev.sluice.h2.netty.NettyConnector}: the {@code ServerListener} and {@code Connector}
 *       that build each channel's pipeline (TLS, customizer, HTTP/2) and make the transports.
 *   <li>{@link dev.sluice.h2.netty.TlsConfig}: Netty {@code SslContext}s fit for HTTP/2.
 *   <li>{@link dev.sluice.h2.netty.EventLoops}: the shared event loop groups and channel classes.
 *   <li>{@link dev.sluice.h2.netty.ChannelEndpoint}: the {@code Endpoint} of a channel.
 *   <li>{@link dev.sluice.h2.netty.ConnectionStats}: a listener's counts of its connections;
 *       {@code HandshakeTimeout} closes those too slow to start (slowloris).
 * </ul>
 *
 * <p>{@code FaultInjection} (split, delayed, dropped and injected bytes for deterministic tests)
 * is in this package's test sources, published in the module's test-jar.
 */
package dev.sluice.h2.netty;
