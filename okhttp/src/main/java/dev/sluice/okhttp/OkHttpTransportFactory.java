package dev.sluice.okhttp;

import dev.sluice.transport.ClientTransportFactory;
import dev.sluice.transport.ClientTransportOptions;
import dev.sluice.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * Sluice's client transport on OkHttp for a channel: one {@link OkHttpTransport} per address
 * the channel's resolver found (TCP only), plaintext HTTP/2 with prior knowledge (h2c) or TLS
 * with ALPN {@code h2}. No Netty is involved.
 *
 * <pre>{@code
 * Channel channel = Channel.builder("dns:///greeter.example.com:443")
 *     .transport(OkHttpTransportFactory.builder().tls(sslSocketFactory, trustManager).build())
 *     .build();
 * }</pre>
 *
 * <p>Found through {@link java.util.ServiceLoader} as well, with its defaults (plaintext), so an
 * application with {@code sluice-okhttp} and without {@code sluice-h2} on its class path needs
 * no transport on its channel builder; with both, {@code sluice-h2} is preferred ({@link
 * #priority()}) unless the builder is given this factory. Thread-safe; {@link #newTransport}
 * never blocks (OkHttp connects when the first stream starts).
 */
public final class OkHttpTransportFactory implements ClientTransportFactory {

  /** The default limit on a received message: 4 MiB, as gRPC's. */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 4 << 20;

  /** The default number of calls a transport runs in OkHttp at once. */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 100;

  private static final OkHttpClient BASE = new OkHttpClient();

  private final OkHttpClient base;
  private final SSLSocketFactory sslSocketFactory;
  private final X509TrustManager trustManager;
  private final boolean tls;
  private final String userAgent;
  private final int maxInboundMessageSize;
  private final int maxConcurrentCalls;
  /** Shared by this factory's transports: addresses their latest attempt failed to reach. */
  private final ConnectFailures connectFailures = new ConnectFailures();

  /** Plaintext (h2c with prior knowledge), OkHttp's defaults: what a channel finds. */
  public OkHttpTransportFactory() {
    this(builder());
  }

  private OkHttpTransportFactory(Builder b) {
    this.base = b.base;
    this.sslSocketFactory = b.sslSocketFactory;
    this.trustManager = b.trustManager;
    this.tls = b.tls;
    this.userAgent = b.userAgent;
    this.maxInboundMessageSize = b.maxInboundMessageSize;
    this.maxConcurrentCalls = b.maxConcurrentCalls;
  }

  /**
   * Starts building a factory: plaintext unless {@link Builder#tls} is set.
   *
   * @return a builder with the defaults each of its methods names
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Transport newTransport(SocketAddress address, ClientTransportOptions options) {
    if (!(address instanceof InetSocketAddress inet)) {
      throw new IllegalArgumentException("The OkHttp transport reaches TCP addresses only, not "
          + address + " (" + address.getClass().getName() + ")");
    }
    String authority = options.authority() != null ? options.authority()
        : inet.getHostString() + ":" + inet.getPort();
    String urlHost = hostOf(authority);
    HttpUrl url = new HttpUrl.Builder().scheme(tls ? "https" : "http").host(urlHost)
        .port(inet.getPort()).build();
    OkHttpClient.Builder b = base.newBuilder()
        // One pool per transport: its calls share its connections and no other transport's.
        .connectionPool(new ConnectionPool(5, 5, TimeUnit.MINUTES))
        // The URL names the authority (TLS SNI and host name checks); the socket goes to the
        // address the channel resolved.
        .dns(new FixedDns(urlHost, inet))
        .protocols(tls ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)
            : List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .connectTimeout(options.connectTimeout())
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .callTimeout(Duration.ZERO)
        // A gRPC call is never replayed behind the channel's back, nor redirected.
        .retryOnConnectionFailure(false)
        // Small HEADERS and DATA writes must not wait for the peer's delayed ACK (Nagle).
        .socketFactory(NoDelaySockets.INSTANCE)
        .followRedirects(false)
        .followSslRedirects(false)
        // OkHttp's bridge asks for gzip bodies; gRPC compresses messages, not bodies.
        .addNetworkInterceptor(chain -> chain.proceed(
            chain.request().newBuilder().removeHeader("Accept-Encoding").build()));
    if (tls && sslSocketFactory != null) {
      b.sslSocketFactory(sslSocketFactory, trustManager);
    }
    return new OkHttpTransport(b, url, authority, userAgent, maxInboundMessageSize,
        maxConcurrentCalls, inet, connectFailures);
  }

  /**
   * 4, below Sluice's own HTTP/2 (5): with both on the class path a channel takes {@code
   * sluice-h2} unless its builder is given this factory; alone, this one serves every TCP address.
   */
  @Override
  public int priority() {
    return 4;
  }

  @Override
  public boolean supportsAddress(SocketAddress address) {
    return address instanceof InetSocketAddress;
  }

  @Override
  public boolean usesTls() {
    return tls;
  }

  @Override
  public String toString() {
    return "OkHttpTransportFactory{" + (tls ? "tls" : "h2c") + "}";
  }

  /** The host part of an authority ({@code host}, {@code host:port}, {@code [v6]:port}). */
  static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end > 0 ? authority.substring(1, end) : authority;
    }
    int colon = authority.lastIndexOf(':');
    return colon > 0 && authority.indexOf(':') == colon ? authority.substring(0, colon)
        : authority;
  }

  /** Resolves the URL's host to the one address this transport is for. */
  private record FixedDns(String host, InetSocketAddress address) implements Dns {
    @Override
    public List<InetAddress> lookup(String hostname) throws java.net.UnknownHostException {
      if (!hostname.equalsIgnoreCase(host)) {
        return Dns.SYSTEM.lookup(hostname);
      }
      if (address.isUnresolved()) {
        return Dns.SYSTEM.lookup(address.getHostString());
      }
      return List.of(address.getAddress());
    }
  }

  /** Options of the factory. */
  public static final class Builder {
    private OkHttpClient base = BASE;
    private SSLSocketFactory sslSocketFactory;
    private X509TrustManager trustManager;
    private boolean tls;
    private String userAgent;
    private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;

    private Builder() {}

    /**
     * How many calls one transport runs in OkHttp at once (default 100, the limit most gRPC
     * servers set); further streams wait, in order, until one ends. OkHttp does not expose the
     * server's SETTINGS_MAX_CONCURRENT_STREAMS: before they arrive it opens every stream asked
     * for, and afterwards it opens more connections rather than queue. A server with a lower
     * limit may refuse the excess of a first burst (REFUSED_STREAM: UNAVAILABLE, marked
     * unprocessed, so a channel retries it).
     *
     * @param calls the most streams one transport has open in OkHttp at once, at least 1
     * @return this builder
     */
    public Builder maxConcurrentCalls(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("maxConcurrentCalls must be at least 1: " + calls);
      }
      this.maxConcurrentCalls = calls;
      return this;
    }

    /**
     * TLS with ALPN {@code h2}, trusting what {@code trustManager} trusts (targets then default
     * to port 443). OkHttp checks the server's certificate against the call's authority.
     *
     * @param sslSocketFactory makes the TLS sockets, from an {@code SSLContext} set up with
     *     {@code trustManager} (and a client key for mutual TLS)
     * @param trustManager decides which server certificates to trust
     * @return this builder
     */
    public Builder tls(SSLSocketFactory sslSocketFactory, X509TrustManager trustManager) {
      this.sslSocketFactory = Objects.requireNonNull(sslSocketFactory, "sslSocketFactory");
      this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
      this.tls = true;
      return this;
    }

    /**
     * TLS with ALPN {@code h2}, trusting the platform's certificate authorities.
     *
     * @return this builder
     */
    public Builder tls() {
      this.sslSocketFactory = null;
      this.trustManager = null;
      this.tls = true;
      return this;
    }

    /**
     * An OkHttp client whose settings (interceptors, dispatcher, proxy, certificate pinning,
     * keepalive pings through {@code pingInterval}) each transport starts from; the transport
     * sets its own connection pool, protocols, timeouts, retries, socket factory (TCP_NODELAY)
     * and DNS on top. Default: a plain {@code new OkHttpClient()}.
     *
     * @param client the client whose settings each transport's own client starts from
     * @return this builder
     */
    public Builder baseClient(OkHttpClient client) {
      this.base = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Names the application first in each request's {@code user-agent}.
     *
     * @param prefix the application's name and version, such as {@code "my-app/1.2"}; null for
     *     Sluice's own only
     * @return this builder
     */
    public Builder userAgent(String prefix) {
      this.userAgent = prefix;
      return this;
    }

    /**
     * The largest message the transport reads (default 4 MiB); a larger one ends the call with
     * RESOURCE_EXHAUSTED before its bytes are read.
     *
     * @param bytes the largest message accepted, in bytes (not negative)
     * @return this builder
     */
    public Builder maxInboundMessageSize(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxInboundMessageSize must not be negative: " + bytes);
      }
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /**
     * Makes the factory; it can be given to several channels.
     *
     * @return a factory with this builder's settings
     */
    public OkHttpTransportFactory build() {
      return new OkHttpTransportFactory(this);
    }
  }
}
