package dev.sluice.stub;

import dev.sluice.MethodDescriptor;
import dev.sluice.Server;
import dev.sluice.ServerCallHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The methods of one service with their handlers, as generated code's {@code bindService}
 * returns them; {@link #addTo} registers them on a server.
 */
public final class ServiceDefinition {

  /** One method and its handler. */
  public record Entry(MethodDescriptor<?, ?> method, ServerCallHandler handler) {
    /**
     * Checks that neither the method nor the handler is null.
     *
     * @param method the method the handler serves
     * @param handler what serves calls of the method
     */
    public Entry {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(handler, "handler");
    }
  }

  private final String serviceName;
  private final List<Entry> entries;

  private ServiceDefinition(String serviceName, List<Entry> entries) {
    this.serviceName = serviceName;
    this.entries = List.copyOf(entries);
  }

  /**
   * Starts collecting the methods of {@code serviceName}.
   *
   * @param serviceName the service's full name, {@code package.Service}
   * @return an empty builder
   */
  public static Builder builder(String serviceName) {
    return new Builder(serviceName);
  }

  /**
   * {@code package.Service}.
   *
   * @return the service's full name, {@code package.Service}
   */
  public String serviceName() {
    return serviceName;
  }

  /** {@return every method of the service with its handler, in the order they were added} */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Registers every method on {@code server}; returns it for chaining.
   *
   * @param server the server being built
   * @return {@code server}
   */
  public Server.Builder addTo(Server.Builder server) {
    for (Entry e : entries) {
      server.addMethod(e.method(), e.handler());
    }
    return server;
  }

  /** Collects the methods of a service. */
  public static final class Builder {
    private final String serviceName;
    private final List<Entry> entries = new ArrayList<>();

    private Builder(String serviceName) {
      this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    }

    /**
     * Adds a method, which must belong to this service.
     *
     * @param method the method; its service name must be this service's
     * @param handler what serves calls of the method
     * @return this builder
     * @throws IllegalArgumentException if {@code method} belongs to another service
     */
    public Builder addMethod(MethodDescriptor<?, ?> method, ServerCallHandler handler) {
      if (!method.serviceName().equals(serviceName)) {
        throw new IllegalArgumentException(
            "Method " + method.fullName() + " is not part of service " + serviceName);
      }
      entries.add(new Entry(method, handler));
      return this;
    }

    /** {@return the definition of the methods added so far} */
    public ServiceDefinition build() {
      return new ServiceDefinition(serviceName, entries);
    }
  }
}
