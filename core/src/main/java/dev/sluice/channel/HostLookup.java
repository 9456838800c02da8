package dev.sluice.channel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Looks a host name up: every A and AAAA record. Blocking; runs on the resolver's executor. */
@FunctionalInterface
interface HostLookup {

  /**
   * The addresses of {@code host}, in the resolver's preferred order.
   *
   * @throws UnknownHostException when the name has no address
   */
  List<InetAddress> lookup(String host) throws Exception;

  /** The JDK's resolver ({@link InetAddress#getAllByName}): the system's, with its cache. */
  static HostLookup system() {
    return host -> Arrays.asList(InetAddress.getAllByName(host));
  }
}
