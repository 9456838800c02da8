package dev.sluice.h2.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Status;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.h2.netty.NettyTransportFactory;
import dev.sluice.testing.NamedBackend;
import dev.sluice.testing.NamedBackend.Reply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the channel logs about its connections, over real sockets: one WARNING when a connection
 * fails, however many calls fail with it, the retries at DEBUG, INFO once connected again and
 * when a ready connection ends, and a WARNING again when reconnecting then fails. The channel logs through {@code System.Logger},
 * which, with no other backend installed, is java.util.logging: the records are read here with a
 * JUL handler, as an application's JUL configuration would see them.
 */
class ConnectionLogOverLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final CallOptions FAIL_FAST = CallOptions.DEFAULT.withTimeout(WAIT);

  /** Held here: java.util.logging keeps its loggers only weakly. */
  private final Logger channelLog = Logger.getLogger("dev.sluice.channel");
  private final Recorder records = new Recorder();
  private Level levelBefore;

  private final ManualTimeSource clock = new ManualTimeSource();
  private final Backends backends = new Backends();
  private final RecordingFactory factory =
      new RecordingFactory(new NettyTransportFactory(), clock);
  private Channel channel;

  @BeforeEach
  void watchLog() {
    levelBefore = channelLog.getLevel();
    channelLog.setLevel(Level.ALL);
    channelLog.addHandler(records);
  }

  @AfterEach
  void tearDown() throws Exception {
    channelLog.removeHandler(records);
    channelLog.setLevel(levelBefore);
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    backends.close();
  }

  @Test
  void connectionLog_refusedThenManyCalls_oneWarningNotOnePerCall() throws Exception {
    int port = Backends.freePort("127.0.0.1");
    channel = Channel.builder("ipv4:127.0.0.1:" + port).transport(factory).timeSource(clock)
        .backoffJitterSource(() -> 0.5).idleTimeout(Duration.ofDays(30)).build();

    Reply first = NamedBackend.call(channel, NamedBackend.WHO, FAIL_FAST)
        .get(30, TimeUnit.SECONDS);
    assertThat(first.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    for (int i = 0; i < 20; i++) {
      assertThat(NamedBackend.call(channel, NamedBackend.WHO, FAIL_FAST)
          .get(30, TimeUnit.SECONDS).status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    }
    assertThat(records.at(Level.WARNING)).singleElement().asString()
        .contains(":" + port + " failed (attempt 1): UNAVAILABLE")
        .contains("further failures are logged at DEBUG");

    // The backoff ends (virtual clock), the next call tries again and fails again: DEBUG only.
    clock.forward(Duration.ofMillis(1000));
    NamedBackend.call(channel, NamedBackend.WHO, FAIL_FAST).get(30, TimeUnit.SECONDS);
    Await.until("attempt 2's log line", () -> records.count("(attempt 2)") == 1);
    assertThat(records.at(Level.FINE)).anySatisfy(line -> assertThat(line)
        .contains(":" + port + " failed (attempt 2)"));
    assertThat(records.at(Level.WARNING)).hasSize(1);

    Backends.Started server = backends.start("up", new InetSocketAddress("127.0.0.1", port));
    clock.forward(Duration.ofMillis(1600));
    CompletableFuture<Reply> ok = NamedBackend.call(channel, NamedBackend.WHO,
        CallOptions.DEFAULT.withWaitForReady().withTimeout(WAIT));
    assertThat(ok.get(30, TimeUnit.SECONDS).ok()).isTrue();
    assertThat(records.at(Level.INFO)).singleElement().asString()
        .startsWith("Connected to ").endsWith(":" + port + " after 2 failed attempts");

    // The server goes: the end of the connection is INFO (servers also end connections routinely),
    // and the next attempt, refused, warns once more.
    server.backend().kill();
    Await.until("the ended connection's INFO", () -> records.at(Level.INFO).size() == 2);
    assertThat(records.at(Level.INFO).get(1)).contains(":" + port + " ended: UNAVAILABLE");
    NamedBackend.call(channel, NamedBackend.WHO, FAIL_FAST).get(30, TimeUnit.SECONDS);
    Await.until("the refused attempt's WARNING", () -> records.at(Level.WARNING).size() == 2);
    assertThat(records.at(Level.WARNING).get(1)).contains(":" + port + " failed (attempt 1)");
  }

  /** The messages of the records a JUL handler saw, by level. */
  private static final class Recorder extends Handler {
    private final List<LogRecord> seen = new ArrayList<>();

    @Override
    public synchronized void publish(LogRecord record) {
      seen.add(record);
    }

    synchronized List<String> at(Level level) {
      return seen.stream().filter(r -> r.getLevel().equals(level))
          .map(LogRecord::getMessage).toList();
    }

    synchronized long count(String part) {
      return seen.stream().filter(r -> r.getMessage().contains(part)).count();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
