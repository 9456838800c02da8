package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.h2.H2Config;
import dev.sluice.h2.H2Transport;
import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.h2.hpack.HpackEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handshake deadline on the embedded channel's virtual clock, in front of a real server
 * connection: a peer that trickles its preface or its first request's headers is closed and
 * counted once the timeout has passed; one that completes them, or sits idle between whole
 * frames, is left alone.
 */
class HandshakeTimeoutTest {

  /** Shorter than the SETTINGS acknowledgement timeout (10 s), which would close first. */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final FrameWriter writer = new FrameWriter();
  private ConnectionStats stats;
  private EmbeddedChannel channel;

  @BeforeEach
  void setUp() {
    start(TIMEOUT);
  }

  private void start(Duration timeout) {
    stats = new ConnectionStats();
    channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(NettyServerListener.HANDSHAKE_HANDLER,
        new HandshakeTimeout(timeout, stats));
    H2Transport.server(channel, H2Config.DEFAULT);
    channel.runPendingTasks();
    drainOutbound();
  }

  @AfterEach
  void tearDown() {
    channel.finishAndReleaseAll();
  }

  @Test
  void preface_trickledPastTheTimeout_closedAndCounted() {
    byte[] preface = bytes(writer::clientPreface);
    for (int i = 0; i < 10; i++) {
      send(new byte[] {preface[i]});
      elapse(Duration.ofMillis(400));
    }
    assertThat(channel.isOpen()).as("4 s in, 10 bytes of 24").isTrue();

    elapse(Duration.ofMillis(1_500));

    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.handshakeTimeouts()).isEqualTo(1);
    assertThat(stats.closedInHandshake()).isEqualTo(1);
  }

  @Test
  void preface_trickledWithTheDefaultTimeout_settingsAckTimeoutClosesFirstAndIsCounted() {
    channel.finishAndReleaseAll();
    start(NettyServerListener.DEFAULT_HANDSHAKE_TIMEOUT);
    byte[] preface = bytes(writer::clientPreface);
    for (int i = 0; i < 12 && channel.isOpen(); i++) {
      send(new byte[] {preface[i]});
      elapse(Duration.ofSeconds(1));
    }

    assertThat(channel.isOpen()).as("closed by SETTINGS_TIMEOUT at 10 s").isFalse();
    assertThat(stats.handshakeTimeouts()).isZero();
    assertThat(stats.closedInHandshake()).isEqualTo(1);
  }

  @Test
  void nothingSent_closedAfterTheTimeout() {
    elapse(TIMEOUT.minusSeconds(1));
    assertThat(channel.isOpen()).isTrue();

    elapse(Duration.ofSeconds(2));

    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.handshakeTimeouts()).isEqualTo(1);
  }

  @Test
  void settings_trickledPastTheTimeout_closedAndCounted() {
    send(bytes(writer::clientPreface));
    byte[] settings = bytes(b -> writer.settings(b, new Http2Settings()
        .put(Http2Settings.INITIAL_WINDOW_SIZE, 1 << 20)));
    send(new byte[] {settings[0], settings[1], settings[2]});

    elapse(TIMEOUT.plusSeconds(1));

    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.handshakeTimeouts()).isEqualTo(1);
  }

  @Test
  void handshakeInTime_thenIdle_staysOpen() {
    handshake();

    elapse(TIMEOUT.multipliedBy(5));

    assertThat(channel.isOpen()).isTrue();
    assertThat(stats.handshakeTimeouts()).isZero();
    assertThat(channel.pipeline().get(NettyServerListener.HANDSHAKE_HANDLER))
        .as("still watching for the first request's headers").isNotNull();
  }

  @Test
  void firstHeaders_trickledPastTheTimeout_closedAndCounted() {
    handshake();
    elapse(TIMEOUT.multipliedBy(2)); // idle between whole frames: no deadline
    byte[] headers = requestHeaders();
    for (int i = 0; i < 12; i++) {
      send(new byte[] {headers[i]});
      elapse(Duration.ofMillis(300));
    }
    assertThat(channel.isOpen()).as("3.6 s into the HEADERS frame").isTrue();

    elapse(Duration.ofMillis(1_500));

    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.handshakeTimeouts()).isEqualTo(1);
    assertThat(stats.closedInHandshake()).as("the handshake itself was done").isZero();
  }

  @Test
  void headerBlock_continuationNeverComes_closedAndCounted() {
    handshake();
    ByteBuf block = Unpooled.wrappedBuffer(requestBlock());
    // HEADERS without END_HEADERS: the block goes on in a CONTINUATION that never arrives.
    send(bytes(b -> {
      b.writeMedium(block.readableBytes()).writeByte(0x1).writeByte(0x0).writeInt(1);
      b.writeBytes(block);
    }));

    elapse(TIMEOUT.plusSeconds(1));

    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.handshakeTimeouts()).isEqualTo(1);
  }

  @Test
  void firstHeadersWhole_handlerLeavesThePipelineAndNoDeadlineRemains() {
    handshake();
    send(requestHeaders());

    assertThat(channel.pipeline().get(NettyServerListener.HANDSHAKE_HANDLER)).isNull();
    elapse(TIMEOUT.multipliedBy(5));
    assertThat(stats.handshakeTimeouts()).isZero();
  }

  @Test
  void controlFramesBeforeTheFirstRequest_eachWholeInTime_noClosure() {
    handshake();
    byte[] ping = bytes(b -> writer.ping(b, false, 7));
    for (int round = 0; round < 3; round++) {
      send(new byte[] {ping[0], ping[1], ping[2], ping[3]});
      elapse(TIMEOUT.minusSeconds(1));
      send(java.util.Arrays.copyOfRange(ping, 4, ping.length));
      elapse(TIMEOUT.minusSeconds(1));
    }

    assertThat(channel.isOpen()).isTrue();
    assertThat(stats.handshakeTimeouts()).isZero();
  }

  /** Preface, SETTINGS and the ACK of the server's SETTINGS, all at once. */
  private void handshake() {
    send(bytes(b -> {
      writer.clientPreface(b);
      writer.settings(b, new Http2Settings());
      writer.settingsAck(b);
    }));
  }

  private byte[] requestBlock() {
    ByteBuf block = Unpooled.buffer();
    new HpackEncoder().encode(List.of(
        HeaderField.of(":method", "POST"), HeaderField.of(":scheme", "http"),
        HeaderField.of(":path", "/sluice.test.Handshake/Call"),
        HeaderField.of(":authority", "localhost"),
        HeaderField.of("content-type", "application/grpc"), HeaderField.of("te", "trailers")),
        block);
    return ByteBufUtil.getBytes(block);
  }

  private byte[] requestHeaders() {
    ByteBuf block = Unpooled.wrappedBuffer(requestBlock());
    return bytes(b -> writer.headers(b, 1, block, false, null, 0));
  }

  private static byte[] bytes(Consumer<ByteBuf> write) {
    ByteBuf b = Unpooled.buffer();
    write.accept(b);
    return ByteBufUtil.getBytes(b);
  }

  private void send(byte[] bytes) {
    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    channel.runPendingTasks();
    drainOutbound();
  }

  private void elapse(Duration d) {
    channel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    channel.runPendingTasks();
    channel.runScheduledPendingTasks();
    drainOutbound();
  }

  private void drainOutbound() {
    Object o;
    while ((o = channel.readOutbound()) != null) {
      io.netty.util.ReferenceCountUtil.release(o);
    }
  }
}
