package dev.sluice.channel;

/**
 * Makes {@link NameResolver}s for the targets of one URI scheme ({@code dns}, {@code unix},
 * ...). A channel finds the provider for its target's scheme among those added on its builder,
 * then the built-in ones, then those listed under {@code
 * META-INF/services/dev.sluice.channel.NameResolverProvider} (found with {@link
 * java.util.ServiceLoader}; such a provider needs a public no-argument constructor).
 *
 * <p>Thread-safe.
 */
public abstract class NameResolverProvider {

  /**
   * The URI scheme this provider resolves, in lower case.
   *
   * @return the scheme, such as {@code dns}
   */
  public abstract String scheme();

  /**
   * A resolver for {@code target}, not yet started. The channel calls this when it is built (so
   * a malformed target fails {@code build()}) and again each time it leaves idle mode.
   *
   * @param target the parsed target
   * @param args the channel's default port, executor and timers
   * @return the resolver, not started
   * @throws IllegalArgumentException when {@code target} is malformed for this scheme; the
   *     message says what is wrong (the channel adds the target itself)
   */
  public abstract NameResolver newNameResolver(TargetUri target, NameResolver.Args args);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + scheme() + "}";
  }
}
