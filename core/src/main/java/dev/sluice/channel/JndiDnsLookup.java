package dev.sluice.channel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Asks one DNS server (the authority of a {@code dns://server/host} target) for a host's A and
 * AAAA records, through the JDK's JNDI DNS provider (module {@code jdk.naming.dns}). It bypasses
 * the system resolver and its cache: each lookup is a query.
 */
final class JndiDnsLookup implements HostLookup {

  private static final String FACTORY = "com.sun.jndi.dns.DnsContextFactory";

  private final String server;

  /** @param server {@code host[:port]} of the DNS server (port 53 when absent) */
  JndiDnsLookup(String server) {
    this.server = server;
  }

  /** True when this JDK has the JNDI DNS provider. */
  static boolean available() {
    return ModuleLayer.boot().findModule("jdk.naming.dns").isPresent();
  }

  @Override
  public List<InetAddress> lookup(String host) throws Exception {
    InetAddress literal = IpLiterals.parse(host);
    if (literal != null) {
      return List.of(literal);
    }
    Hashtable<String, String> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, FACTORY);
    env.put(Context.PROVIDER_URL, "dns://" + server);
    // One second, then two: a dead server is reported in seconds, not the JDK's default minute.
    env.put("com.sun.jndi.dns.timeout.initial", "1000");
    env.put("com.sun.jndi.dns.timeout.retries", "2");
    DirContext ctx = new InitialDirContext(env);
    List<InetAddress> found = new ArrayList<>();
    try {
      Attributes records = ctx.getAttributes(host, new String[] {"A", "AAAA"});
      for (String type : new String[] {"A", "AAAA"}) {
        Attribute a = records.get(type);
        if (a == null) {
          continue;
        }
        NamingEnumeration<?> values = a.getAll();
        while (values.hasMore()) {
          InetAddress ip = IpLiterals.parse(String.valueOf(values.next()));
          if (ip != null) {
            found.add(InetAddress.getByAddress(host, ip.getAddress()));
          }
        }
      }
    } catch (javax.naming.NameNotFoundException e) {
      throw unknown(host, "no such name (NXDOMAIN)", e);
    } catch (NamingException e) {
      throw unknown(host, e.getExplanation() == null ? e.toString() : e.getExplanation(), e);
    } finally {
      ctx.close();
    }
    if (found.isEmpty()) {
      throw new UnknownHostException(host + ": DNS server " + server
          + " has no A or AAAA record for it");
    }
    return found;
  }

  private UnknownHostException unknown(String host, String why, Exception cause) {
    UnknownHostException e = new UnknownHostException(host + ": DNS server " + server + ": " + why);
    e.initCause(cause);
    return e;
  }
}
