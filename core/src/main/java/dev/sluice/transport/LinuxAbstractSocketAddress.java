package dev.sluice.transport;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * A Unix domain socket in Linux's abstract namespace (target {@code unix-abstract:name}): a name
 * with no file behind it. The transport prepends the NUL byte that marks such an address; the
 * name itself may not contain one. {@link java.net.UnixDomainSocketAddress} cannot hold these,
 * since its path may not contain NUL.
 */
public final class LinuxAbstractSocketAddress extends SocketAddress {

  private static final long serialVersionUID = 1L;

  /** The name, without the leading NUL byte. */
  private final String name;

  /**
   * @param name the socket's name, without the leading NUL byte
   * @throws IllegalArgumentException when {@code name} is empty or contains a NUL character
   */
  public LinuxAbstractSocketAddress(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("An abstract Unix socket name may not be empty");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("An abstract Unix socket name may not contain NUL");
    }
    this.name = name;
  }

  /**
   * The name, without the leading NUL byte.
   *
   * @return the name, as given to the constructor
   */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinuxAbstractSocketAddress other && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "unix-abstract:" + name;
  }
}
