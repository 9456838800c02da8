package dev.sluice.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.Security;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DnsNameResolverTest {

  private final ManualTimeSource clock = new ManualTimeSource();
  private final AtomicInteger lookups = new AtomicInteger();
  /** The JDK's resolver, counted. */
  private final HostLookup counted = host -> {
    lookups.incrementAndGet();
    return HostLookup.system().lookup(host);
  };
  private final Results results = new Results();

  /** Collects a resolver's reports. */
  static final class Results implements NameResolver.Listener {
    final LinkedBlockingQueue<Object> reports = new LinkedBlockingQueue<>();

    @Override
    public void onResult(ResolutionResult result) {
      reports.add(result);
    }

    @Override
    public void onError(Status error) {
      reports.add(error);
    }

    Object next() throws InterruptedException {
      Object o = reports.poll(10, TimeUnit.SECONDS);
      assertThat(o).as("a report from the resolver").isNotNull();
      return o;
    }
  }

  private NameResolver resolver(String target, Duration minTime) {
    NameResolverRegistry registry = NameResolverRegistry.withDefaults()
        .register(new DnsNameResolverProvider(counted));
    return registry.newResolver(target, new NameResolver.Args(80, Runnable::run, clock, minTime));
  }

  @Test
  void refresh_twiceWithinTheMinimumTimeAfterSuccess_resolvesOnceAtItsEnd() throws Exception {
    NameResolver r = resolver("dns:///localhost:8080", Duration.ofSeconds(30));
    r.start(results);
    assertThat(results.next()).isInstanceOf(ResolutionResult.class);

    clock.forward(Duration.ofSeconds(1));
    r.refresh();
    clock.forward(Duration.ofSeconds(1));
    r.refresh();
    assertThat(lookups).hasValue(1);

    clock.forward(Duration.ofSeconds(27)); // 29 s after the first resolution
    assertThat(lookups).hasValue(1);
    clock.forward(Duration.ofSeconds(1));
    assertThat(lookups).hasValue(2);
    assertThat(results.next()).isInstanceOf(ResolutionResult.class);
    clock.forward(Duration.ofMinutes(5));
    assertThat(lookups).hasValue(2); // no polling
  }

  @Test
  void refresh_afterTheMinimumTime_resolvesAtOnce() throws Exception {
    NameResolver r = resolver("localhost:8080", Duration.ofSeconds(30));
    r.start(results);
    results.next();

    clock.forward(Duration.ofSeconds(31));
    r.refresh();

    assertThat(lookups).hasValue(2);
  }

  @Test
  void lookup_unknownHost_reportsUnavailableNamingTheHost() throws Exception {
    NameResolver r = resolver("dns:///no-such-host.invalid:1", null);
    r.start(results);

    Status error = (Status) results.next();
    assertThat(error.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.description()).startsWith("Unable to resolve host no-such-host.invalid: ");
    assertThat(error.cause()).isInstanceOf(java.net.UnknownHostException.class);
  }

  @Test
  void refresh_afterAFailure_resolvesAtOnce() throws Exception {
    NameResolver r = resolver("dns:///no-such-host.invalid:1", Duration.ofSeconds(30));
    r.start(results);
    results.next();

    r.refresh();

    assertThat(results.next()).isInstanceOf(Status.class);
    assertThat(lookups).hasValue(2);
  }

  @Test
  void refresh_withNoMinimumTime_resolvesEachTime() throws Exception {
    NameResolver r = resolver("localhost:1", Duration.ZERO);
    r.start(results);
    r.refresh();
    r.refresh();

    assertThat(lookups).hasValue(3);
  }

  @Test
  void lookup_runsOnTheBlockingExecutor_notTheCaller() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor(t -> new Thread(t, "lookups"));
    try {
      CompletableFuture<String> thread = new CompletableFuture<>();
      HostLookup recording = host -> {
        thread.complete(Thread.currentThread().getName());
        return HostLookup.system().lookup(host);
      };
      NameResolver r = NameResolverRegistry.withDefaults()
          .register(new DnsNameResolverProvider(recording))
          .newResolver("localhost:1", new NameResolver.Args(80, pool, clock, null));
      r.start(results);

      assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo("lookups");
      assertThat(results.next()).isInstanceOf(ResolutionResult.class);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shutdown_cancelsADeferredResolution() throws Exception {
    NameResolver r = resolver("localhost:1", Duration.ofSeconds(30));
    r.start(results);
    results.next();
    r.refresh();
    assertThat(clock.pendingTimers()).isEqualTo(1);

    r.shutdown();
    clock.forward(Duration.ofMinutes(1));

    assertThat(lookups).hasValue(1);
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void minTimeBetweenResolutions_builderThenSecurityPropertyThenThirtySeconds() {
    String saved = Security.getProperty("networkaddress.cache.ttl");
    try {
      Security.setProperty("networkaddress.cache.ttl", "7");
      assertThat(DnsNameResolverProvider.minTimeBetweenResolutions(Duration.ofSeconds(3)))
          .isEqualTo(Duration.ofSeconds(3));
      assertThat(DnsNameResolverProvider.minTimeBetweenResolutions(null))
          .isEqualTo(Duration.ofSeconds(7));
      Security.setProperty("networkaddress.cache.ttl", "-1");
      assertThat(DnsNameResolverProvider.minTimeBetweenResolutions(null)).isNull();
      Security.setProperty("networkaddress.cache.ttl", "not a number");
      assertThat(DnsNameResolverProvider.minTimeBetweenResolutions(null))
          .isEqualTo(Duration.ofSeconds(30));
    } finally {
      // Security has no "unset": an empty value reads as unparsable, hence the default.
      Security.setProperty("networkaddress.cache.ttl", saved == null ? "" : saved);
    }
  }

  @Test
  void customDnsServer_isAskedThroughJndi() throws Exception {
    InetAddress answer = InetAddress.getByName("127.0.0.7");
    try (TinyDnsServer dns = new TinyDnsServer(Map.of("svc.test", answer))) {
      NameResolver r = NameResolverRegistry.withDefaults().newResolver(
          "dns://" + dns.address() + "/svc.test:9443",
          new NameResolver.Args(80, Runnable::run, clock, null));

      assertThat(r.serviceAuthority()).isEqualTo("svc.test:9443");
      assertThat(TargetsTest.resolve(r)).containsExactly(new InetSocketAddress(answer, 9443));
      assertThat(dns.queries.get()).isPositive();
    }
  }

  @Test
  void customDnsServer_unknownName_reportsTheServersAnswer() throws Exception {
    try (TinyDnsServer dns = new TinyDnsServer(Map.of())) {
      NameResolver r = NameResolverRegistry.withDefaults().newResolver(
          "dns://" + dns.address() + "/nothing.test",
          new NameResolver.Args(80, Runnable::run, clock, null));
      r.start(results);

      Status error = (Status) results.next();
      assertThat(error.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(error.description()).contains("nothing.test").contains(dns.address());
    }
  }

  @Test
  void endpoints_oneAddressEach() throws Exception {
    NameResolver r = resolver("localhost:1", null);
    r.start(results);
    ResolutionResult res = (ResolutionResult) results.next();

    assertThat(res.endpoints()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.addresses()).hasSize(1));
    assertThat(res.endpoints()).map(e -> ((InetSocketAddress) e.addresses().get(0)).getPort())
        .containsOnly(1);
    assertThat(res.serviceConfigJson()).isNull();
    List<InetAddress> jdk = List.of(InetAddress.getAllByName("localhost"));
    assertThat(res.endpoints()).map(e -> ((InetSocketAddress) e.addresses().get(0)).getAddress())
        .containsExactlyElementsOf(jdk);
  }
}
