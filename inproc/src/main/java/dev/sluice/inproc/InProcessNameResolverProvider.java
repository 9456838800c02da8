package dev.sluice.inproc;

import dev.sluice.channel.EndpointAddresses;
import dev.sluice.channel.NameResolver;
import dev.sluice.channel.NameResolverProvider;
import dev.sluice.channel.StaticNameResolver;
import dev.sluice.channel.TargetUri;
import java.util.List;

/**
 * The {@code inproc:name} scheme: the in-process server registered under {@code name}. The
 * default {@code :authority} is the name. Found through {@link java.util.ServiceLoader}.
 */
public final class InProcessNameResolverProvider extends NameResolverProvider {

  @Override
  public String scheme() {
    return "inproc";
  }

  @Override
  public NameResolver newNameResolver(TargetUri target, NameResolver.Args args) {
    String name = target.authority() == null ? target.path()
        : "//" + target.authority() + target.path();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("the in-process server name is empty");
    }
    return new StaticNameResolver(name,
        List.of(EndpointAddresses.of(new InProcessSocketAddress(name))));
  }
}
