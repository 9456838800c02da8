package dev.sluice.channel;

/**
 * Chooses where one call goes: the load balancer's current decision, published with {@link
 * LoadBalancer.Helper#updateBalancingState}. A new picker replaces the old one at once, and every
 * call waiting in the channel is picked again against it.
 *
 * <p>Pickers are immutable and thread-safe: {@link #pick} runs on the threads that start calls,
 * concurrently, and must not block or lock (read fields, bump an atomic counter).
 */
@FunctionalInterface
public interface Picker {

  /**
   * The decision for one call; see {@link PickResult}. Never null.
   *
   * @param args the call's path, headers and options
   * @return where the call goes, or that it waits, fails or is dropped
   */
  PickResult pick(PickArgs args);
}
