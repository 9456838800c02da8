package dev.sluice.cli;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.h2.netty.NettyTransportFactory;
import dev.sluice.h2.netty.TlsConfig;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How to reach the server and what to send with each call: the options every RPC command has. */
final class ConnectionOptions {

  @Option(names = "--plaintext", description = "HTTP/2 without TLS (h2c). The default.")
  boolean plaintext;

  @Option(names = "--tls", description = "Use TLS, trusting the JDK's root certificates unless "
      + "--cacert says otherwise. Implied by --cacert, --cert, --key and --insecure.")
  boolean tls;

  @Option(names = "--cacert", paramLabel = "FILE",
      description = "PEM root certificates to trust for the server's certificate (implies TLS).")
  File cacert;

  @Option(names = "--cert", paramLabel = "FILE",
      description = "PEM client certificate chain for mutual TLS (with --key).")
  File cert;

  @Option(names = "--key", paramLabel = "FILE",
      description = "PKCS#8 PEM private key of --cert.")
  File key;

  @Option(names = "--authority", paramLabel = "NAME",
      description = "The :authority to send, and with TLS the name the server's certificate "
          + "must carry.")
  String authority;

  @Option(names = "--insecure", description = "Use TLS but accept any server certificate, for "
      + "any name: no server authentication, for testing only. Cannot go with --cacert.")
  boolean insecure;

  @Option(names = {"-H", "--header"}, paramLabel = "'KEY: VALUE'",
      description = "Metadata to send with the call; repeatable. Keys ending in -bin take "
          + "base64 values.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--deadline", paramLabel = "DURATION",
      description = "Deadline of each call: 500ms, 5s, 2m or plain seconds (default: 10s for "
          + "list, describe and health; none for call and health --watch).")
  String deadline;

  @Option(names = {"-v", "--verbose"},
      description = "Print the response headers and trailers (to standard error).")
  boolean verbose;

  @Option(names = "--debug", description = "Print the stack trace of a failure.")
  boolean debug;

  /** A channel to {@code target} with these settings. */
  Channel open(String target) {
    Channel.Builder b = Channel.builder(target);
    if (authority != null) {
      b.authority(authority);
    }
    boolean useTls = tls || insecure || cacert != null || cert != null || key != null;
    if (useTls && plaintext) {
      throw CliFailure.local(
          "--plaintext cannot go with --tls, --insecure, --cacert, --cert or --key");
    }
    if (insecure && cacert != null) {
      throw CliFailure.local("--insecure cannot go with --cacert: --insecure trusts any "
          + "certificate, --cacert only the ones it names");
    }
    if ((cert == null) != (key == null)) {
      throw CliFailure.local("--cert and --key go together");
    }
    if (useTls) {
      try {
        TlsConfig.Builder tlsConfig = TlsConfig.forClient();
        if (cacert != null) {
          tlsConfig.trustRoots(cacert);
        }
        if (insecure) {
          tlsConfig.trustAnyServerCertificateInsecurely();
        }
        if (cert != null) {
          tlsConfig.keyPair(cert, key);
        }
        if (authority != null) {
          tlsConfig.serverNameOverride(hostOf(authority));
        }
        b.transport(NettyTransportFactory.builder().tls(tlsConfig.build()).build());
      } catch (IOException | RuntimeException e) {
        throw CliFailure.local("Cannot set up TLS: " + e.getMessage(), e);
      }
    } else {
      b.transport(new NettyTransportFactory());
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw CliFailure.local(e.getMessage(), e);
    }
  }

  /** Call options with the deadline, or {@code fallback} when none was given (null: none). */
  CallOptions callOptions(Duration fallback) {
    Duration d = deadline != null ? parseDuration(deadline) : fallback;
    return d == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withTimeout(d);
  }

  /** The {@code -H} headers. */
  Metadata metadata() {
    Metadata m = new Metadata();
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw CliFailure.local("Header '" + h + "' must look like 'key: value'");
      }
      String k = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String v = h.substring(colon + 1).trim();
      try {
        if (Metadata.isBinaryKey(k)) {
          m.addBinary(k, java.util.Base64.getDecoder().decode(v));
        } else {
          m.add(k, v);
        }
      } catch (IllegalArgumentException e) {
        throw CliFailure.local("Header '" + h + "': " + e.getMessage(), e);
      }
    }
    return m;
  }

  static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return seconds(t.substring(0, t.length() - 1));
      }
      if (t.endsWith("m")) {
        return seconds(t.substring(0, t.length() - 1)).multipliedBy(60);
      }
      return seconds(t);
    } catch (NumberFormatException e) {
      throw CliFailure.local("--deadline '" + s + "' is not a duration (500ms, 5s, 2m, 1.5)");
    }
  }

  private static Duration seconds(String s) {
    return Duration.ofNanos(Math.round(Double.parseDouble(s) * 1e9));
  }

  private static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      return authority.substring(1, authority.indexOf(']'));
    }
    int colon = authority.lastIndexOf(':');
    return colon > 0 ? authority.substring(0, colon) : authority;
  }
}
