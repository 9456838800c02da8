package dev.sluice.h2.netty;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Objects;

/**
 * TLS for an HTTP/2 endpoint: a Netty {@link SslContext} that offers only ALPN {@code h2}, TLS
 * 1.2 or 1.3, and cipher suites RFC 9113 §9.2 allows. Uses OpenSSL (netty-tcnative) when it is on
 * the class path and loads, the JDK provider otherwise.
 *
 * <pre>{@code
 * TlsConfig server = TlsConfig.forServer(certChainPem, keyPem)
 *     .trustRoots(caPem).clientAuth(TlsConfig.ClientAuth.REQUIRE)   // mTLS, optional
 *     .build();
 * TlsConfig client = TlsConfig.forClient()
 *     .trustRoots(caPem)                                            // else the JDK's roots
 *     .keyPair(clientCertPem, clientKeyPem)                         // mTLS, optional
 *     .serverNameOverride("foo.test.google.fr")                     // SNI + hostname check
 *     .build();
 * }</pre>
 *
 * <p>ALPN: a peer that offers or picks something other than {@code h2} fails the handshake where
 * the provider can say so (a fatal alert); a peer that does not use ALPN at all completes the
 * handshake with no protocol, so the HTTP/2 connection must still check {@link
 * #isH2(SslHandler)} after the handshake.
 *
 * <p>Immutable and thread-safe; build once and share across connections.
 */
public final class TlsConfig {

  /** The ALPN protocol id of HTTP/2 over TLS (RFC 9113 §3.2). */
  public static final String ALPN_H2 = "h2";

  /** Which TLS implementation to use. */
  public enum Provider {
    /** OpenSSL when {@link OpenSsl#isAvailable()}, else JDK. */
    AUTO,
    /** The JDK's own TLS ({@code SSLEngine}). */
    JDK,
    /** OpenSSL through netty-tcnative; {@link Builder#build()} fails when it is not available. */
    OPENSSL
  }

  /** Whether a server asks for client certificates. */
  public enum ClientAuth {
    /** Do not ask for a client certificate. */
    NONE,
    /**
     * Ask for a client certificate and verify it if one is sent; clients without one are accepted.
     */
    OPTIONAL,
    /** Require a client certificate the trust roots verify (mutual TLS). */
    REQUIRE
  }

  private final SslContext context;
  private final SslProvider provider;
  private final String serverNameOverride;

  private TlsConfig(SslContext context, SslProvider provider, String serverNameOverride) {
    this.context = context;
    this.provider = provider;
    this.serverNameOverride = serverNameOverride;
  }

  /**
   * A server config presenting {@code certChainPem} with {@code privateKeyPem} (PKCS#8).
   *
   * @param certChainPem the server's certificate chain, PEM
   * @param privateKeyPem the chain's private key, PEM, PKCS#8 and not encrypted
   * @return a builder for a server config
   */
  public static Builder forServer(File certChainPem, File privateKeyPem) {
    return new Builder(true).keyPair(certChainPem, privateKeyPem);
  }

  /**
   * As {@link #forServer(File, File)}; the streams are read to the end and not closed.
   *
   * @param certChainPem the server's certificate chain, PEM
   * @param privateKeyPem the chain's private key, PEM, PKCS#8 and not encrypted
   * @return a builder for a server config
   */
  public static Builder forServer(InputStream certChainPem, InputStream privateKeyPem) {
    return new Builder(true).keyPair(certChainPem, privateKeyPem);
  }

  /**
   * A client config; without {@link Builder#trustRoots} it trusts the JDK's default roots.
   *
   * @return a builder for a client config
   */
  public static Builder forClient() {
    return new Builder(false);
  }

  /**
   * True when the handshake on {@code handler} has agreed on ALPN {@code h2}.
   *
   * @param handler the handler of a connection whose handshake is done
   * @return whether the peers agreed on HTTP/2
   */
  public static boolean isH2(SslHandler handler) {
    return ALPN_H2.equals(handler.applicationProtocol());
  }

  /** {@return the Netty context, for callers that make their own handlers} */
  public SslContext sslContext() {
    return context;
  }

  /**
   * True for a server config.
   *
   * @return true for a server config, false for a client one
   */
  public boolean isServer() {
    return context.isServer();
  }

  /** {@return the provider actually in use (never AUTO)} */
  public Provider provider() {
    return provider == SslProvider.JDK ? Provider.JDK : Provider.OPENSSL;
  }

  /** {@return the name used for SNI and hostname verification instead of the authority, or null} */
  public String serverNameOverride() {
    return serverNameOverride;
  }

  /**
   * A server-mode handler for one accepted channel.
   *
   * @param alloc the allocator of the accepted channel
   * @return a new handler, to put first in the channel's pipeline
   */
  public SslHandler newServerHandler(ByteBufAllocator alloc) {
    requireMode(true);
    return context.newHandler(alloc);
  }

  /**
   * A client-mode handler for one connection to {@code authority} ({@code host[:port]}). The
   * host, or the {@link #serverNameOverride} when set, is sent as SNI (unless it is an IP
   * literal, which SNI cannot carry) and checked against the server's certificate.
   *
   * @param alloc the allocator of the new channel
   * @param authority the authority of the connection, {@code host} or {@code host:port}
   * @return a new handler, to put first in the channel's pipeline
   */
  public SslHandler newClientHandler(ByteBufAllocator alloc, String authority) {
    requireMode(false);
    Authority a = Authority.parse(authority, 443);
    String host = serverNameOverride != null ? serverNameOverride : a.host();
    return context.newHandler(alloc, host, a.port());
  }

  private void requireMode(boolean server) {
    if (context.isServer() != server) {
      throw new IllegalStateException(
          "This TlsConfig is for a " + (context.isServer() ? "server" : "client"));
    }
  }

  @Override
  public String toString() {
    return "TlsConfig{" + (context.isServer() ? "server" : "client") + ", " + provider
        + (serverNameOverride == null ? "" : ", serverNameOverride=" + serverNameOverride) + "}";
  }

  /** Collects the options; {@link #build} reads the PEM material and makes the context. */
  public static final class Builder {
    private final boolean server;
    private Pem certChain;
    private Pem privateKey;
    private Pem trustRoots;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private String serverNameOverride;
    private Provider provider = Provider.AUTO;
    private boolean trustAnyServerCertificate;

    private Builder(boolean server) {
      this.server = server;
    }

    /**
     * Our certificate chain and its PKCS#8 private key (a client's for mTLS).
     *
     * @param certChainPem the certificate chain, PEM
     * @param privateKeyPem the chain's private key, PEM, PKCS#8 and not encrypted
     * @return this builder
     */
    public Builder keyPair(File certChainPem, File privateKeyPem) {
      this.certChain = Pem.of(Objects.requireNonNull(certChainPem, "certChainPem"));
      this.privateKey = Pem.of(Objects.requireNonNull(privateKeyPem, "privateKeyPem"));
      return this;
    }

    /**
     * As {@link #keyPair(File, File)}; the streams are read now and not closed.
     *
     * @param certChainPem the certificate chain, PEM
     * @param privateKeyPem the chain's private key, PEM, PKCS#8 and not encrypted
     * @return this builder
     */
    public Builder keyPair(InputStream certChainPem, InputStream privateKeyPem) {
      this.certChain = Pem.of(Objects.requireNonNull(certChainPem, "certChainPem"));
      this.privateKey = Pem.of(Objects.requireNonNull(privateKeyPem, "privateKeyPem"));
      return this;
    }

    /**
     * Root certificates to trust: a client's for the server, a server's for client certificates.
     *
     * @param rootsPem one or more CA certificates, PEM
     * @return this builder
     */
    public Builder trustRoots(File rootsPem) {
      this.trustRoots = Pem.of(Objects.requireNonNull(rootsPem, "rootsPem"));
      return this;
    }

    /**
     * As {@link #trustRoots(File)}; the stream is read now and not closed.
     *
     * @param rootsPem one or more CA certificates, PEM
     * @return this builder
     */
    public Builder trustRoots(InputStream rootsPem) {
      this.trustRoots = Pem.of(Objects.requireNonNull(rootsPem, "rootsPem"));
      return this;
    }

    /**
     * Server only: whether to ask for client certificates (default NONE).
     *
     * @param clientAuth what to ask of clients
     * @return this builder
     */
    public Builder clientAuth(ClientAuth clientAuth) {
      this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
      return this;
    }

    /**
     * Client only: use {@code name} for SNI and hostname verification instead of the host of the
     * authority (the interop tests' {@code foo.test.google.fr}).
     *
     * @param name the host name the server's certificate must match
     * @return this builder
     */
    public Builder serverNameOverride(String name) {
      this.serverNameOverride = name;
      return this;
    }

    /**
     * Client only, and <strong>insecure</strong>: accept any server certificate, for any name,
     * without checking who signed it. This turns off server authentication: traffic is still
     * encrypted, but anyone between the client and the server can pose as the server and read
     * and change every call. Only for tools and tests (the command line's {@code --insecure}),
     * never for production traffic; give the server's roots with {@link #trustRoots} instead.
     * Cannot be combined with {@link #trustRoots}.
     *
     * @return this builder
     */
    public Builder trustAnyServerCertificateInsecurely() {
      this.trustAnyServerCertificate = true;
      return this;
    }

    /**
     * Which TLS implementation to use (default AUTO).
     *
     * @param provider JDK, OPENSSL, or AUTO for OpenSSL when available
     * @return this builder
     */
    public Builder provider(Provider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Makes the config.
     *
     * @return the config, with its Netty context built
     * @throws IOException when a PEM file cannot be read or parsed, or the provider refuses the
     *     options (an {@link javax.net.ssl.SSLException})
     */
    public TlsConfig build() throws IOException {
      if (server && clientAuth != ClientAuth.NONE && trustRoots == null) {
        throw new IllegalStateException("clientAuth " + clientAuth + " needs trustRoots");
      }
      if (!server && clientAuth != ClientAuth.NONE) {
        throw new IllegalStateException("clientAuth is a server option");
      }
      if (server && serverNameOverride != null) {
        throw new IllegalStateException("serverNameOverride is a client option");
      }
      if (trustAnyServerCertificate && (server || trustRoots != null)) {
        throw new IllegalStateException("trustAnyServerCertificateInsecurely is a client option"
            + " and cannot go with trustRoots");
      }
      SslProvider sslProvider = resolve(provider);
      SslContextBuilder b;
      try {
        if (server) {
          b = SslContextBuilder.forServer(certChain.open(), privateKey.open());
          b.clientAuth(switch (clientAuth) {
            case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
            case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
            case REQUIRE -> io.netty.handler.ssl.ClientAuth.REQUIRE;
          });
        } else if (trustAnyServerCertificate) {
          // No hostname check either: the certificate says nothing trustworthy about the name.
          b = SslContextBuilder.forClient().endpointIdentificationAlgorithm(null)
              .trustManager(InsecureTrustManagerFactory.INSTANCE);
          if (certChain != null) {
            b.keyManager(certChain.open(), privateKey.open());
          }
        } else {
          b = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
          if (certChain != null) {
            b.keyManager(certChain.open(), privateKey.open());
          }
        }
        if (trustRoots != null) {
          b.trustManager(trustRoots.open());
        }
      } catch (IllegalArgumentException e) {
        // Netty reports unreadable PEM this way.
        throw new IOException("Invalid TLS key or certificate: " + e.getMessage(), e);
      }
      b.sslProvider(sslProvider)
          .protocols(H2Ciphers.PROTOCOLS)
          .ciphers(H2Ciphers.SUITES, SupportedCipherSuiteFilter.INSTANCE)
          .applicationProtocolConfig(alpn(sslProvider));
      return new TlsConfig(b.build(), sslProvider, serverNameOverride);
    }

    private static SslProvider resolve(Provider p) {
      return switch (p) {
        case JDK -> SslProvider.JDK;
        case OPENSSL -> {
          if (!OpenSsl.isAvailable()) {
            throw new IllegalStateException(
                "OpenSSL was asked for but netty-tcnative is unavailable",
                OpenSsl.unavailabilityCause());
          }
          yield SslProvider.OPENSSL;
        }
        case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
      };
    }

    private static ApplicationProtocolConfig alpn(SslProvider p) {
      // The JDK provider can end a handshake whose ALPN is not h2 with a fatal alert on both
      // sides. Netty's OpenSSL provider supports neither FATAL_ALERT behaviour, so there the
      // server does not answer ALPN and the client accepts; the HTTP/2 connection's own check
      // (isH2) then refuses the connection.
      return p == SslProvider.JDK
          ? new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.FATAL_ALERT,
              SelectedListenerFailureBehavior.FATAL_ALERT, ALPN_H2)
          : new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
              SelectedListenerFailureBehavior.ACCEPT, ALPN_H2);
    }
  }

  /** PEM bytes from a file (read at build time) or a stream (read at once). */
  private record Pem(File file, byte[] bytes) {
    static Pem of(File file) {
      return new Pem(file, null);
    }

    static Pem of(InputStream in) {
      try {
        return new Pem(null, in.readAllBytes());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("Could not read PEM stream", e);
      }
    }

    InputStream open() throws IOException {
      return new ByteArrayInputStream(bytes != null ? bytes : Files.readAllBytes(file.toPath()));
    }
  }
}
