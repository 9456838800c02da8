package dev.sluice.inproc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Status;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.testing.NamedBackend;
import dev.sluice.testing.NamedBackend.Reply;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client channel over the in-process transport: states, idle mode, waiting, shutdown. */
class InProcessChannelTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger ids = new AtomicInteger();

  private final String name = "channel-test-" + ids.incrementAndGet();
  private final ManualTimeSource clock = new ManualTimeSource();
  private final List<Transport> serverTransports = new CopyOnWriteArrayList<>();
  private NamedBackend backend;
  private Channel channel;

  private NamedBackend startBackend() throws Exception {
    InProcessServerListener l = new InProcessServerListener(name);
    backend = NamedBackend.start(name, new RecordingListener(l, serverTransports::add));
    return backend;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).as("channel terminates").isTrue();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private Channel.Builder builder() {
    return Channel.builder("inproc:" + name).timeSource(clock);
  }

  @Test
  void forTarget_inprocName_findsTheTransportAndResolverOnTheClassPath() throws Exception {
    startBackend();
    channel = Channel.forTarget("inproc:" + name);

    Reply r = NamedBackend.who(channel);

    assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
    assertThat(r.message()).isEqualTo(name);
    assertThat(channel.authority()).isEqualTo(name);
  }

  @Test
  void newChannel_isIdleAndDoesNotConnect_untilAskedTo() throws Exception {
    startBackend();
    channel = builder().build();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.IDLE);
    assertThat(serverTransports).isEmpty();
    CompletableFuture<Void> changed = new CompletableFuture<>();
    channel.notifyWhenStateChanged(ConnectivityState.IDLE, () -> changed.complete(null));

    assertThat(channel.getState(true)).isEqualTo(ConnectivityState.IDLE);

    changed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(channel.awaitStateChange(ConnectivityState.CONNECTING, WAIT)).isTrue();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);
    assertThat(serverTransports).hasSize(1);
  }

  @Test
  void notifyWhenStateChanged_stateAlreadyDifferent_firesAtOnce() throws Exception {
    channel = builder().build();
    CompletableFuture<Void> fired = new CompletableFuture<>();

    channel.notifyWhenStateChanged(ConnectivityState.READY, () -> fired.complete(null));

    fired.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void idleTimeout_closesTheConnection_andTheNextCallReconnects() throws Exception {
    startBackend();
    channel = builder().idleTimeout(Duration.ofSeconds(1)).build();
    assertThat(NamedBackend.who(channel).ok()).isTrue();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);

    clock.forward(Duration.ofMillis(999));
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);
    clock.forward(Duration.ofMillis(1));

    assertThat(channel.awaitStateChange(ConnectivityState.READY, WAIT)).isTrue();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.IDLE);
    serverTransports.get(0).terminationFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(NamedBackend.who(channel).ok()).isTrue();
    assertThat(serverTransports).hasSize(2);
    assertThat(backend.calls()).isEqualTo(2);
  }

  @Test
  void idleTimeout_aCallInFlight_keepsTheChannelReady() throws Exception {
    startBackend();
    channel = builder().idleTimeout(Duration.ofSeconds(1)).build();
    CompletableFuture<Reply> held = NamedBackend.call(channel, NamedBackend.HOLD,
        CallOptions.DEFAULT);
    assertThat(backend.awaitHeld(1, WAIT)).isTrue();

    clock.forward(Duration.ofSeconds(3));
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);

    backend.release();
    assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();
    clock.forward(Duration.ofSeconds(1));
    assertThat(channel.awaitStateChange(ConnectivityState.READY, WAIT)).isTrue();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.IDLE);
    assertThat(serverTransports).hasSize(1);
  }

  @Test
  void enterIdle_closesConnections_andTheNextCallStartsOver() throws Exception {
    startBackend();
    channel = builder().build();
    assertThat(NamedBackend.who(channel).ok()).isTrue();

    channel.enterIdle();

    assertThat(channel.awaitStateChange(ConnectivityState.READY, WAIT)).isTrue();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.IDLE);
    serverTransports.get(0).terminationFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(NamedBackend.who(channel).ok()).isTrue();
    assertThat(serverTransports).hasSize(2);
  }

  @Test
  void noServer_failFastCall_endsUnavailableWithTheConnectionError() throws Exception {
    channel = builder().build();

    Reply r = NamedBackend.who(channel);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(r.status().description()).isEqualTo("Failed to connect to all addresses of inproc:"
        + name + "; last error: UNAVAILABLE: no in-process server named " + name);
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
  }

  @Test
  void noServer_waitForReadyCall_succeedsOnceOneStarts() throws Exception {
    channel = builder().build();
    assertThat(NamedBackend.who(channel).ok()).isFalse(); // the channel is in TRANSIENT_FAILURE

    CompletableFuture<Reply> waiting = NamedBackend.call(channel, NamedBackend.WHO,
        CallOptions.DEFAULT.withWaitForReady().withTimeout(WAIT));
    startBackend();
    assertThat(waiting).isNotDone();
    clock.forward(Duration.ofMillis(1200)); // past the first backoff slot (1 s ± 20 %)

    Reply r = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);
  }

  @Test
  void noServer_waitForReadyCall_endsDeadlineExceededWithTheLastError() throws Exception {
    channel = builder().build();

    Reply r = NamedBackend.who(channel,
        CallOptions.DEFAULT.withWaitForReady().withTimeout(Duration.ofMillis(300)));

    assertThat(r.status().code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(r.status().description()).contains("while waiting for a ready connection")
        .contains("no in-process server named " + name);
  }

  @Test
  void resetConnectBackoff_reconnectsAtOnce() throws Exception {
    channel = builder().build();
    assertThat(NamedBackend.who(channel).ok()).isFalse();
    startBackend();
    CompletableFuture<Reply> waiting = NamedBackend.call(channel, NamedBackend.WHO,
        CallOptions.DEFAULT.withWaitForReady().withTimeout(WAIT));

    channel.resetConnectBackoff();

    assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();
  }

  @Test
  void shutdown_newCallsFail_callsInFlightFinish() throws Exception {
    startBackend();
    channel = builder().build();
    CompletableFuture<Reply> held = NamedBackend.call(channel, NamedBackend.HOLD,
        CallOptions.DEFAULT);
    assertThat(backend.awaitHeld(1, WAIT)).isTrue();

    channel.shutdown();

    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.SHUTDOWN);
    Reply late = NamedBackend.who(channel);
    assertThat(late.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(late.status().description()).startsWith("Channel shutdown invoked");
    assertThat(channel.isTerminated()).isFalse();
    backend.release();
    assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();
    assertThat(channel.awaitTermination(WAIT)).isTrue();
  }

  @Test
  void shutdown_callsWaitingForAConnection_goOn() throws Exception {
    channel = builder().build();
    assertThat(NamedBackend.who(channel).ok()).isFalse();
    CompletableFuture<Reply> waiting = NamedBackend.call(channel, NamedBackend.WHO,
        CallOptions.DEFAULT.withWaitForReady().withTimeout(WAIT));

    channel.shutdown();
    startBackend();
    clock.forward(Duration.ofMillis(1200));

    assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();
    assertThat(channel.awaitTermination(WAIT)).isTrue();
  }

  @Test
  void shutdownNow_endsCallsInFlightAndWaiting_withUnavailable() throws Exception {
    startBackend();
    channel = builder().build();
    CompletableFuture<Reply> held = NamedBackend.call(channel, NamedBackend.HOLD,
        CallOptions.DEFAULT);
    assertThat(backend.awaitHeld(1, WAIT)).isTrue();

    channel.shutdownNow();

    Reply r = held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(r.status().description()).isEqualTo("Channel shutdownNow invoked");
    assertThat(channel.awaitTermination(WAIT)).isTrue();
  }

  /** A listener that tells the test about each server-side connection. */
  private static final class RecordingListener implements dev.sluice.transport.ServerListener {
    private final InProcessServerListener delegate;
    private final Consumer<Transport> seen;

    RecordingListener(InProcessServerListener delegate, Consumer<Transport> seen) {
      this.delegate = delegate;
      this.seen = seen;
    }

    @Override
    public void start(Consumer<Transport> onTransport) throws java.io.IOException {
      delegate.start(t -> {
        seen.accept(t);
        onTransport.accept(t);
      });
    }

    @Override
    public String address() {
      return delegate.address();
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public CompletableFuture<Void> terminationFuture() {
      return delegate.terminationFuture();
    }
  }
}
