package dev.sluice.channel;

import dev.sluice.transport.ClientTransportFactory;
import java.util.function.DoubleSupplier;

/**
 * What a channel's subchannels share: where they run, their clock, how they connect, the
 * authority they announce, their backoff numbers, the registry of live transports and the
 * keepalive time a server's too_many_pings raised.
 */
record SubchannelContext(SynchronizationContext sync, TimeSource time,
    ClientTransportFactory transports, String authority, BackoffSettings backoff,
    DoubleSupplier random, LiveTransports live, KeepAliveBackoff keepAlive) {

  /** A context with a keepalive backoff of its own: one per channel. */
  SubchannelContext(SynchronizationContext sync, TimeSource time,
      ClientTransportFactory transports, String authority, BackoffSettings backoff,
      DoubleSupplier random, LiveTransports live) {
    this(sync, time, transports, authority, backoff, random, live, new KeepAliveBackoff());
  }
}
