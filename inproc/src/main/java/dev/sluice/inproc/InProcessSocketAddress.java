package dev.sluice.inproc;

import java.net.SocketAddress;
import java.util.Objects;

/** The address of an in-process server: the name its {@link InProcessServerListener} took. */
public final class InProcessSocketAddress extends SocketAddress {

  private static final long serialVersionUID = 1L;

  /** The registered name: the whole identity of the address. */
  private final String name;

  /**
   * The address of the server registered as {@code name}.
   *
   * @param name the name the server's listener took
   */
  public InProcessSocketAddress(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * The name a client connects to; two addresses with the same name are equal.
   *
   * @return the registered name
   */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InProcessSocketAddress other && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "inproc:" + name;
  }
}
