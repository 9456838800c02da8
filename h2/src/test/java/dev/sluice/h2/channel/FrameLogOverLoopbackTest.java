package dev.sluice.h2.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.testing.NamedBackend;
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
 * The frame log of real HTTP/2 connections over TCP: logger {@code dev.sluice.h2.frames} at DEBUG
 * (java.util.logging's FINE, since {@code System.Logger} falls back to it) gives one line per
 * frame each way, and header values only with the unsafe switch.
 */
class FrameLogOverLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String UNSAFE = "dev.sluice.h2.frameLog.unsafeHeaderValues";
  private static final String SECRET = "Bearer s3cr3t-t0ken";

  /** Held here: java.util.logging keeps its loggers only weakly. */
  private final Logger frameLog = Logger.getLogger("dev.sluice.h2.frames");
  private final Lines lines = new Lines();
  private Level levelBefore;
  private final Backends backends = new Backends();

  @BeforeEach
  void watchFrameLog() {
    levelBefore = frameLog.getLevel();
    frameLog.setLevel(Level.FINE);
    frameLog.addHandler(lines);
  }

  @AfterEach
  void tearDown() throws Exception {
    System.clearProperty(UNSAFE);
    frameLog.removeHandler(lines);
    frameLog.setLevel(levelBefore);
    backends.close();
  }

  /** Two unary calls on one connection, with a secret in the request metadata; then shutdown. */
  private void twoCalls() throws Exception {
    Backends.Started server = backends.startOn("logged", "127.0.0.1");
    Channel channel = Channel.builder("ipv4:" + server.hostPort()).build();
    try {
      for (int i = 0; i < 2; i++) {
        CompletableFuture<Status> done = new CompletableFuture<>();
        Call call = channel.newCall(NamedBackend.WHO, CallOptions.DEFAULT.withTimeout(WAIT));
        call.startBatch(new Batch().sendInitialMetadata(new Metadata().add("authorization", SECRET))
            .sendMessage("hi").sendCloseFromClient().recvMessage().recvStatusOnClient(),
            (b, ok) -> done.complete(b.status()));
        assertThat(done.get(30, TimeUnit.SECONDS).isOk()).isTrue();
      }
    } finally {
      channel.shutdown();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    // The client's GOAWAY ends the connection; the server logs it as it reads it.
    Await.until("the server reading the client's GOAWAY",
        () -> !lines.matching("server ", "<< GOAWAY").isEmpty());
  }

  @Test
  void frameLog_unaryCallsAtDebug_oneLinePerFrameEachWayWithoutHeaderValues() throws Exception {
    twoCalls();

    List<String> clientOut = lines.matching("client ", ">> ");
    assertThat(clientOut.get(0)).endsWith(">> PREFACE");
    assertThat(clientOut.get(1)).matches(".*>> SETTINGS stream=0 flags=- length=\\d+ \\{.*"
        + "ENABLE_PUSH=0.*\\}");
    assertThat(clientOut).anySatisfy(l -> assertThat(l)
        .endsWith(">> HEADERS stream=1 flags=END_HEADERS length=" + length(l)));
    assertThat(clientOut).anySatisfy(l -> assertThat(l)
        .endsWith(">> DATA stream=1 flags=END_STREAM length=7")); // 5-byte prefix + "hi"
    assertThat(clientOut).anySatisfy(l -> assertThat(l)
        .endsWith(">> HEADERS stream=3 flags=END_HEADERS length=" + length(l)));
    assertThat(clientOut).anySatisfy(l -> assertThat(l)
        .endsWith(">> SETTINGS stream=0 flags=ACK length=0"));
    assertThat(clientOut).last().asString()
        .contains(">> GOAWAY stream=0 flags=- length=").endsWith("error=NO_ERROR");
    assertThat(lines.matching("server ", "<< GOAWAY")).first().asString()
        .endsWith("last_stream=0 error=NO_ERROR");

    List<String> clientIn = lines.matching("client ", "<< ");
    assertThat(clientIn.get(0)).contains("<< SETTINGS stream=0 flags=- length=");
    assertThat(clientIn).anySatisfy(l -> assertThat(l)
        .endsWith("<< HEADERS stream=1 flags=END_HEADERS length=" + length(l)));
    assertThat(clientIn).anySatisfy(l -> assertThat(l)
        .endsWith("<< DATA stream=1 flags=- length=" + (5 + "logged".length())));
    assertThat(clientIn).anySatisfy(l -> assertThat(l)
        .endsWith("<< HEADERS stream=1 flags=END_HEADERS|END_STREAM length=" + length(l)));
    assertThat(clientIn).anySatisfy(l -> assertThat(l).contains("<< SETTINGS stream=0 flags=ACK"));

    // What one side wrote, the other read, frame by frame (up to where the connection closed:
    // the client's final GOAWAY may be written as the socket closes).
    List<String> serverIn = arrowsOff(lines.matching("server ", "<< "));
    assertThat(serverIn).contains("DATA stream=3 flags=END_STREAM length=7");
    assertThat(arrowsOff(clientOut)).startsWith(serverIn.toArray(String[]::new));
    assertThat(arrowsOff(lines.matching("server ", ">> ")))
        .startsWith(arrowsOff(clientIn).toArray(String[]::new));

    // Window updates and pings show what is cheap to show.
    assertThat(lines.all()).filteredOn(l -> l.contains(" WINDOW_UPDATE "))
        .allSatisfy(l -> assertThat(l).matches(".* increment=\\d+"));
    assertThat(lines.all()).noneSatisfy(l -> assertThat(l).contains("s3cr3t"));
    assertThat(lines.all()).noneSatisfy(l -> assertThat(l).contains("fields="));
  }

  @Test
  void frameLog_unsafeSwitchOn_showsHeaderFieldsOfEveryBlock() throws Exception {
    System.setProperty(UNSAFE, "true");
    twoCalls();

    // The second request's fields come mostly from HPACK's dynamic table: the log decodes them
    // as well, on both ends.
    for (String stream : List.of("stream=1", "stream=3")) {
      assertThat(lines.matching("client ", ">> HEADERS " + stream)).singleElement().asString()
          .contains(" fields={:method: POST, :scheme: http, :path: /")
          .contains("authorization: " + SECRET);
      assertThat(lines.matching("server ", "<< HEADERS " + stream)).singleElement().asString()
          .contains("authorization: " + SECRET);
      assertThat(lines.matching("client ", "<< HEADERS " + stream + " flags=END_HEADERS|"))
          .singleElement().asString().contains("grpc-status: 0");
    }
  }

  private static String length(String line) {
    return line.substring(line.lastIndexOf("length=") + "length=".length());
  }

  /** The lines without the connection's name and the direction, to compare both ends. */
  private static List<String> arrowsOff(List<String> lines) {
    return lines.stream().map(l -> l.substring(l.indexOf(' ', l.indexOf(' ') + 1) + 4)).toList();
  }

  /** The frame log's lines, as a java.util.logging handler sees them. */
  private static final class Lines extends Handler {
    private final List<String> seen = new ArrayList<>();

    @Override
    public synchronized void publish(LogRecord record) {
      assertThat(record.getLevel()).isEqualTo(Level.FINE);
      seen.add(record.getMessage());
    }

    synchronized List<String> all() {
      return List.copyOf(seen);
    }

    synchronized List<String> matching(String side, String part) {
      return seen.stream().filter(l -> l.startsWith(side) && l.contains(part)).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
