package dev.sluice.h2.channel;

import dev.sluice.channel.TimeSource;
import dev.sluice.transport.ClientTransportFactory;
import dev.sluice.transport.ClientTransportOptions;
import dev.sluice.transport.Transport;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real HTTP/2 transport factory, with a log of every connection attempt: when (on the
 * channel's clock), where, with which options, and the transport made.
 */
final class RecordingFactory implements ClientTransportFactory {

  record Attempt(Duration at, SocketAddress address, ClientTransportOptions options,
      Transport transport) {}

  private final ClientTransportFactory delegate;
  private final TimeSource clock;
  final List<Attempt> attempts = new CopyOnWriteArrayList<>();

  RecordingFactory(ClientTransportFactory delegate, TimeSource clock) {
    this.delegate = delegate;
    this.clock = clock;
  }

  @Override
  public Transport newTransport(SocketAddress address, ClientTransportOptions options) {
    Transport t = delegate.newTransport(address, options);
    attempts.add(new Attempt(Duration.ofNanos(clock.nanoTime()), address, options, t));
    return t;
  }

  @Override
  public boolean supportsAddress(SocketAddress address) {
    return delegate.supportsAddress(address);
  }

  @Override
  public boolean usesTls() {
    return delegate.usesTls();
  }

  List<Duration> times() {
    return attempts.stream().map(Attempt::at).toList();
  }
}
