package dev.sluice.channel;

import dev.sluice.transport.ClientTransportFactory;
import java.util.function.DoubleSupplier;

/**
 * What a channel's subchannels share: where they run, their clock, how they connect, the
 * authority they announce, their backoff numbers and the registry of live transports.
 */
record SubchannelContext(SynchronizationContext sync, TimeSource time,
    ClientTransportFactory transports, String authority, BackoffSettings backoff,
    DoubleSupplier random, LiveTransports live) {}
