package dev.sluice.channel;

import java.util.List;
import java.util.Objects;

/**
 * A resolver whose answer never changes: the addresses written in the target ({@code ipv4:},
 * {@code ipv6:}, {@code unix:}, {@code unix-abstract:}) or given to the builder. It reports them
 * once, on start; {@code refresh()} has nothing new to say.
 */
public final class StaticNameResolver implements NameResolver {

  private final String authority;
  private final List<EndpointAddresses> endpoints;
  private volatile boolean shutdown;

  /**
   * @param authority the default {@code :authority}, or null to leave it to the transport
   * @param endpoints the endpoints to report
   */
  public StaticNameResolver(String authority, List<EndpointAddresses> endpoints) {
    this.authority = authority;
    this.endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
  }

  @Override
  public String serviceAuthority() {
    return authority;
  }

  @Override
  public void start(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    if (!shutdown) {
      listener.onResult(ResolutionResult.of(endpoints));
    }
  }

  @Override
  public void refresh() {}

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public String toString() {
    return "StaticNameResolver" + endpoints;
  }
}
