package dev.sluice.services.health;

import dev.sluice.services.health.v1.HealthCheckResponse.ServingStatus;
import dev.sluice.stub.ServiceDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The health of a server's services, as the application sets it, served as
 * {@code grpc.health.v1.Health} by {@link #healthService()}.
 *
 * <p>Each service has a status by its full name; the empty name {@value #SERVER} is the server as
 * a whole and starts {@code SERVING}. A name never set (or {@linkplain #clearStatus cleared}) is
 * unknown: {@code Check} fails with NOT_FOUND and {@code Watch} answers {@code SERVICE_UNKNOWN}
 * and stays open. When the server shuts down, {@link #enterTerminalState()} makes every service
 * NOT_SERVING and ignores what is set afterwards, so load balancers move away before the
 * connections close. Thread-safe.
 */
public final class HealthStatusManager {

  /** The name of the server's overall health. */
  public static final String SERVER = "";

  /** The most services {@code List} answers with (gRFC A90). */
  static final int LIST_LIMIT = 100;

  /** Someone watching one service: gets the status each time it changes. */
  interface Watcher {
    void onStatus(ServingStatus status);
  }

  private final Object lock = new Object();
  private final Map<String, ServingStatus> statuses = new TreeMap<>();
  private final Map<String, Set<Watcher>> watchers = new HashMap<>();
  private boolean terminal;

  /**
   * A manager that knows only the server as a whole, {@code SERVING}; services become known as the
   * application sets their status.
   */
  public HealthStatusManager() {
    statuses.put(SERVER, ServingStatus.SERVING);
  }

  /**
   * Sets the status of {@code service} ({@value #SERVER} for the whole server); watchers hear of
   * it if it changed. Ignored after {@link #enterTerminalState()}.
   *
   * @param service the service's full name, as in {@code package.Service}
   * @param status what {@code Check} and {@code Watch} report for it from now on
   */
  public void setStatus(String service, ServingStatus status) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(status, "status");
    if (status == ServingStatus.SERVICE_UNKNOWN || status == ServingStatus.UNRECOGNIZED) {
      throw new IllegalArgumentException(status + " is not a status to set; use clearStatus");
    }
    synchronized (lock) {
      if (!terminal) {
        update(service, status);
      }
    }
  }

  /**
   * Forgets {@code service}: it becomes unknown and its watchers get {@code SERVICE_UNKNOWN}.
   * Ignored after {@link #enterTerminalState()}.
   *
   * @param service the service's full name, as in {@code package.Service}
   */
  public void clearStatus(String service) {
    Objects.requireNonNull(service, "service");
    synchronized (lock) {
      if (!terminal) {
        update(service, null);
      }
    }
  }

  /**
   * The server is going away: every known service becomes NOT_SERVING, and later
   * {@link #setStatus} and {@link #clearStatus} calls are ignored.
   */
  public void enterTerminalState() {
    synchronized (lock) {
      terminal = true;
      for (String service : new ArrayList<>(statuses.keySet())) {
        update(service, ServingStatus.NOT_SERVING);
      }
    }
  }

  /**
   * {@return the status of {@code service}, or null when it is unknown}
   *
   * @param service the service's full name, or {@value #SERVER} for the whole server
   */
  public ServingStatus status(String service) {
    synchronized (lock) {
      return statuses.get(service);
    }
  }

  /** {@return every known service and its status, sorted by name} */
  public Map<String, ServingStatus> statuses() {
    synchronized (lock) {
      return new TreeMap<>(statuses);
    }
  }

  /** {@return the {@code grpc.health.v1.Health} service answering from this manager} */
  public ServiceDefinition healthService() {
    return new HealthService(this).bindService();
  }

  /**
   * Adds {@code watcher} for {@code service} and tells it the current status at once
   * ({@code SERVICE_UNKNOWN} when unknown).
   */
  void watch(String service, Watcher watcher) {
    synchronized (lock) {
      watchers.computeIfAbsent(service, k -> new LinkedHashSet<>()).add(watcher);
      watcher.onStatus(orUnknown(statuses.get(service)));
    }
  }

  void unwatch(String service, Watcher watcher) {
    synchronized (lock) {
      Set<Watcher> set = watchers.get(service);
      if (set != null && set.remove(watcher) && set.isEmpty()) {
        watchers.remove(service);
      }
    }
  }

  /**
   * Applies a change; watchers are told under the lock, so each sees the changes in the order
   * they were made (telling one only queues a message).
   */
  private void update(String service, ServingStatus status) {
    ServingStatus old = status == null ? statuses.remove(service) : statuses.put(service, status);
    if (old == status) {
      return;
    }
    Set<Watcher> set = watchers.get(service);
    if (set == null) {
      return;
    }
    List<Watcher> copy = new ArrayList<>(set);
    for (Watcher w : copy) {
      w.onStatus(orUnknown(status));
    }
  }

  private static ServingStatus orUnknown(ServingStatus status) {
    return status == null ? ServingStatus.SERVICE_UNKNOWN : status;
  }
}
