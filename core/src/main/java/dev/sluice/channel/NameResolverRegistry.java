package dev.sluice.channel;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Name resolver providers by scheme, and the rule that turns a target string into a provider and
 * a {@link TargetUri} (gRPC's naming rule):
 *
 * <ol>
 *   <li>When the target starts with {@code scheme:} and a provider has that scheme, use it.
 *   <li>Otherwise, when the target does not look like a URI ({@code scheme:/...}), resolve it as
 *       {@code dns:///<target>}: so {@code localhost:50051}, {@code 10.0.0.1:443} and {@code
 *       [::1]:443} are DNS targets.
 *   <li>Otherwise fail: {@code foo:/bar} with no {@code foo} provider is an error.
 * </ol>
 *
 * <p>Look-up order for a scheme: providers {@linkplain #register registered} on this registry
 * (last first), then the built-in ones ({@code dns}, {@code ipv4}, {@code ipv6}, {@code unix},
 * {@code unix-abstract}), then those found through {@link ServiceLoader}. Thread-safe.
 */
public final class NameResolverRegistry {

  private static final Logger log = System.getLogger("dev.sluice.channel");
  private static final Pattern URI_SHAPED = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");
  private static final String DEFAULT_SCHEME = "dns";

  private final Map<String, NameResolverProvider> byScheme = new LinkedHashMap<>();

  private NameResolverRegistry() {}

  /** The providers on the class path, looked up once. */
  private static final class Discovered {
    static final List<NameResolverProvider> PROVIDERS = load();

    private static List<NameResolverProvider> load() {
      List<NameResolverProvider> found = new ArrayList<>();
      try {
        for (NameResolverProvider p : ServiceLoader.load(NameResolverProvider.class,
            NameResolverRegistry.class.getClassLoader())) {
          found.add(p);
        }
      } catch (ServiceConfigurationError e) {
        log.log(Level.WARNING, "A name resolver provider on the class path could not be loaded",
            e);
      }
      return List.copyOf(found);
    }
  }

  /**
   * A new registry of the built-in providers and those on the class path.
   *
   * @return a registry of its own, to add providers to
   */
  public static NameResolverRegistry withDefaults() {
    NameResolverRegistry r = new NameResolverRegistry();
    for (NameResolverProvider p : Discovered.PROVIDERS) {
      r.byScheme.put(p.scheme().toLowerCase(java.util.Locale.ROOT), p);
    }
    for (NameResolverProvider p : List.of(new DnsNameResolverProvider(), new AddressSchemes.Ipv4(),
        new AddressSchemes.Ipv6(), new AddressSchemes.Unix(), new AddressSchemes.UnixAbstract())) {
      r.byScheme.put(p.scheme(), p);
    }
    return r;
  }

  /**
   * Adds {@code provider}; it takes precedence over any other for its scheme.
   *
   * @param provider the provider to add
   * @return this registry
   */
  public synchronized NameResolverRegistry register(NameResolverProvider provider) {
    Objects.requireNonNull(provider, "provider");
    byScheme.put(provider.scheme().toLowerCase(java.util.Locale.ROOT), provider);
    return this;
  }

  /**
   * {@return the provider for {@code scheme}, or null}
   *
   * @param scheme a lower-case scheme
   */
  public synchronized NameResolverProvider provider(String scheme) {
    return byScheme.get(scheme.toLowerCase(java.util.Locale.ROOT));
  }

  /** A provider and the target as it will resolve it. */
  public record Selection(NameResolverProvider provider, TargetUri target) {}

  /**
   * Applies the naming rule (see the class comment) to {@code target}.
   *
   * @param target the target as the application wrote it
   * @return the provider and the parsed target
   * @throws IllegalArgumentException naming the target and what is wrong with it
   */
  public Selection select(String target) {
    Objects.requireNonNull(target, "target");
    if (target.isEmpty()) {
      throw new IllegalArgumentException("Invalid target '': it is empty");
    }
    String scheme = TargetUri.schemeOf(target);
    if (scheme != null) {
      NameResolverProvider p = provider(scheme);
      if (p != null) {
        return new Selection(p, TargetUri.parse(target));
      }
    }
    if (!URI_SHAPED.matcher(target).matches()) {
      NameResolverProvider dns = provider(DEFAULT_SCHEME);
      if (dns != null) {
        return new Selection(dns, TargetUri.parse(DEFAULT_SCHEME + ":///" + target));
      }
    }
    throw new IllegalArgumentException("Invalid target '" + target + "': no name resolver for"
        + " scheme '" + scheme + "' (known: " + String.join(", ", schemes()) + ")");
  }

  /**
   * Makes the resolver for {@code target}, checking it.
   *
   * @param target the target as the application wrote it
   * @param args the channel's default port, executor and timers
   * @return the resolver, not started
   * @throws IllegalArgumentException naming the target and what is wrong with it
   */
  public NameResolver newResolver(String target, NameResolver.Args args) {
    Selection s = select(target);
    try {
      return s.provider().newNameResolver(s.target(), args);
    } catch (IllegalArgumentException e) {
      String scheme = TargetUri.schemeOf(target);
      String hint = scheme != null && !scheme.equals(s.target().scheme())
          ? " (no resolver for scheme '" + scheme + "', so it was read as a DNS name)" : "";
      throw new IllegalArgumentException(
          "Invalid target '" + target + "': " + e.getMessage() + hint, e);
    }
  }

  private synchronized List<String> schemes() {
    return new ArrayList<>(byScheme.keySet());
  }
}
