package dev.sluice.channel;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Load-balancing policies by name: the built-in {@code pick_first} and {@code round_robin}, those
 * listed under {@code META-INF/services/dev.sluice.channel.LoadBalancerProvider} (public
 * no-argument constructor), and those {@linkplain #register registered} here. A registered or
 * service-loaded provider replaces a built-in one of the same name. Thread-safe.
 */
public final class LoadBalancerRegistry {

  private static final Logger log = System.getLogger("dev.sluice.channel");
  private static final LoadBalancerRegistry DEFAULT = withDefaults();

  private final Map<String, LoadBalancerProvider> byName = new LinkedHashMap<>();

  private LoadBalancerRegistry() {}

  /**
   * The process-wide registry channels use.
   *
   * @return the shared registry, with the built-in policies
   */
  public static LoadBalancerRegistry getDefault() {
    return DEFAULT;
  }

  private static LoadBalancerRegistry withDefaults() {
    LoadBalancerRegistry r = new LoadBalancerRegistry();
    r.register(new PickFirstLoadBalancer.Provider());
    r.register(new RoundRobinLoadBalancer.Provider());
    try {
      for (LoadBalancerProvider p : ServiceLoader.load(LoadBalancerProvider.class,
          LoadBalancerRegistry.class.getClassLoader())) {
        r.register(p);
      }
    } catch (ServiceConfigurationError e) {
      log.log(Level.WARNING, "A load balancer provider on the class path could not be loaded", e);
    }
    return r;
  }

  /**
   * Adds {@code provider}, replacing any other of the same name.
   *
   * @param provider the provider to add
   */
  public synchronized void register(LoadBalancerProvider provider) {
    Objects.requireNonNull(provider, "provider");
    byName.put(provider.policyName(), provider);
  }

  /**
   * {@return the provider of {@code policyName}, or null}
   *
   * @param policyName the policy's name
   */
  public synchronized LoadBalancerProvider provider(String policyName) {
    return byName.get(policyName);
  }

  /**
   * The names of the known policies.
   *
   * @return the policy names, such as {@code pick_first} and {@code round_robin}
   */
  public synchronized java.util.Set<String> policyNames() {
    return java.util.Set.copyOf(byName.keySet());
  }
}
