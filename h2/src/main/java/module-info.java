/**
 * Sluice's own HTTP/2 and HPACK over Netty: the transport for TCP, TLS, Unix domain sockets and
 * in-memory channels. Only {@code dev.sluice.h2.netty} (listeners, connectors, the transport
 * factory, TLS settings) and {@code dev.sluice.h2} (connection settings) are exported; frames,
 * HPACK and the gRPC wire mapping stay inside.
 */
module dev.sluice.h2 {
  requires transitive dev.sluice.core;
  requires transitive io.netty.buffer;
  requires transitive io.netty.common;
  requires transitive io.netty.transport;
  requires transitive io.netty.handler;
  requires io.netty.codec;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;

  exports dev.sluice.h2;
  exports dev.sluice.h2.netty;

  provides dev.sluice.transport.ClientTransportFactory with
      dev.sluice.h2.netty.NettyTransportFactory;
}
