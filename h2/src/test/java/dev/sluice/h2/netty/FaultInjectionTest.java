package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

  private static final byte[] TEN = "0123456789".getBytes(StandardCharsets.US_ASCII);

  @Test
  void splitInbound_3_handlerGetsReadsOfAtMost3() throws Exception {
    try (LocalPair p = LocalPair.start(FaultInjection.builder().splitInbound(3), null)) {
      p.client.writeAndFlush(Unpooled.wrappedBuffer(TEN)).sync();

      assertThat(p.serverReadSizes(10)).containsExactly(3, 3, 3, 1);
      assertThat(p.clientBytes(10)).isEqualTo(TEN);
    }
  }

  @Test
  void splitOutbound_4_bytesArriveIntactAndTheWriteSucceeds() throws Exception {
    try (LocalPair p = LocalPair.start(null, FaultInjection.builder().splitOutbound(4))) {
      ChannelFuture write = p.client.writeAndFlush(Unpooled.wrappedBuffer(TEN));

      assertThat(p.clientBytes(10)).isEqualTo(TEN);
      assertThat(write.sync().isSuccess()).isTrue();
    }
  }

  @Test
  void splitOutbound_4_writesFlushedPiecesOfAtMost4() {
    EmbeddedChannel ch = new EmbeddedChannel(FaultInjection.builder().splitOutbound(4).build());

    ChannelFuture write = ch.writeAndFlush(Unpooled.wrappedBuffer(TEN));

    List<Integer> sizes = new ArrayList<>();
    for (ByteBuf out; (out = ch.readOutbound()) != null; ) {
      sizes.add(out.readableBytes());
      out.release();
    }
    assertThat(sizes).containsExactly(4, 4, 2);
    assertThat(write.isSuccess()).isTrue();
    ch.finishAndReleaseAll();
  }

  @Test
  void dropAfterInboundBytes_5_letsExactly5BytesInThenCloses() throws Exception {
    try (LocalPair p = LocalPair.start(FaultInjection.builder().dropAfterInboundBytes(5), null)) {
      p.client.writeAndFlush(Unpooled.wrappedBuffer(TEN, 0, 3));
      p.client.writeAndFlush(Unpooled.wrappedBuffer(TEN, 3, 4));

      assertThat(p.readUntilClosed()).isEqualTo("01234".getBytes(StandardCharsets.US_ASCII));
      assertThat(p.awaitAccepted().closeFuture().await(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void dropAfterOutboundBytes_5_sends5BytesAndFailsTheWrite() throws Exception {
    try (LocalPair p = LocalPair.start(null, FaultInjection.builder().dropAfterOutboundBytes(5))) {
      ChannelFuture write = p.client.writeAndFlush(Unpooled.wrappedBuffer(TEN));

      assertThat(write.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(write.cause()).isInstanceOf(ClosedChannelException.class);
      assertThat(p.client.closeFuture().await(30, TimeUnit.SECONDS)).isTrue();
      ChannelFuture later = p.client.writeAndFlush(Unpooled.wrappedBuffer(TEN));
      assertThat(later.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(later.isSuccess()).isFalse();
    }
  }

  @Test
  void dropNow_closesTheChannelAndThePeerSeesIt() throws Exception {
    try (LocalPair p = LocalPair.start(FaultInjection.builder(), null)) {
      Channel server = p.awaitAccepted();

      FaultInjection.of(server).dropNow().sync();

      p.clientInactive.get(30, TimeUnit.SECONDS);
      assertThat(server.isOpen()).isFalse();
    }
  }

  @Test
  void injectInbound_bytesReachTheNextHandlerAsIfFromThePeer() throws Exception {
    try (LocalPair p = LocalPair.start(FaultInjection.builder().splitInbound(2), null)) {
      Channel server = p.awaitAccepted();

      FaultInjection.of(server).injectInbound(Unpooled.wrappedBuffer(TEN, 0, 5));

      // Injected bytes go through the same faults as the peer's: split into 2-byte reads.
      assertThat(p.serverReadSizes(5)).containsExactly(2, 2, 1);
    }
  }

  @Test
  void injectInbound_beforeInPipeline_throws() {
    FaultInjection f = FaultInjection.builder().build();

    assertThatThrownBy(() -> f.injectInbound(Unpooled.buffer()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void delayInboundTicks_2_readArrivesAfterExactly2LoopTurns() {
    List<String> log = new ArrayList<>();
    EmbeddedChannel ch = new EmbeddedChannel(
        FaultInjection.builder().delayInbound(2).build(), new Log(log));

    // One task that reads and starts a marker chain: hop i of both chains share a queue turn.
    ch.eventLoop().execute(() -> {
      ch.pipeline().fireChannelRead(Unpooled.wrappedBuffer(TEN, 0, 1));
      markTicks(ch, log, 1, 3);
    });
    ch.runPendingTasks();

    assertThat(log).containsExactly("tick 1", "read 0", "tick 2", "tick 3");
    ch.finishAndReleaseAll();
  }

  @Test
  void delayInboundTicks_keepsOrderAcrossReads() {
    List<String> log = new ArrayList<>();
    EmbeddedChannel ch = new EmbeddedChannel(
        FaultInjection.builder().delayInbound(3).splitInbound(1).build(), new Log(log));

    ch.writeInbound(Unpooled.wrappedBuffer(TEN, 0, 3));
    ch.writeInbound(Unpooled.wrappedBuffer(TEN, 3, 2));
    ch.runPendingTasks();

    assertThat(log).containsExactly("read 0", "read 1", "read 2", "read 3", "read 4");
    ch.finishAndReleaseAll();
  }

  @Test
  void delayInboundDuration_holdsTheReadUntilTheTimePasses() {
    List<String> log = new ArrayList<>();
    EmbeddedChannel ch = new EmbeddedChannel(
        FaultInjection.builder().delayInbound(Duration.ofSeconds(5)).build(), new Log(log));

    ch.writeInbound(Unpooled.wrappedBuffer(TEN, 0, 1));
    ch.advanceTimeBy(4, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(log).isEmpty();

    ch.advanceTimeBy(1, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(log).containsExactly("read 0");
    ch.finishAndReleaseAll();
  }

  @Test
  void dropNow_withReadsHeldByADelay_discardsThem() {
    List<String> log = new ArrayList<>();
    FaultInjection f = FaultInjection.builder().delayInbound(Duration.ofSeconds(1)).build();
    EmbeddedChannel ch = new EmbeddedChannel(f, new Log(log));
    ByteBuf held = Unpooled.wrappedBuffer(TEN, 0, 1);

    ch.writeInbound(held);
    f.dropNow();
    ch.runPendingTasks();

    assertThat(log).containsExactly("inactive");
    assertThat(held.refCnt()).isZero();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void delayOutboundTicks_writeReachesTheWireAfterTheTicks() {
    EmbeddedChannel ch = new EmbeddedChannel(FaultInjection.builder().delayOutbound(2).build());

    ch.eventLoop().execute(() -> ch.writeAndFlush(Unpooled.wrappedBuffer(TEN)));
    ch.runPendingTasks();

    ByteBuf out = ch.readOutbound();
    assertThat(ByteBufUtil.getBytes(out)).isEqualTo(TEN);
    out.release();
    ch.finishAndReleaseAll();
  }

  private static void markTicks(EmbeddedChannel ch, List<String> log, int i, int last) {
    ch.eventLoop().execute(() -> {
      log.add("tick " + i);
      if (i < last) {
        markTicks(ch, log, i + 1, last);
      }
    });
  }

  /** Logs each read as "read &lt;first byte as digit&gt;" and the channel's end. */
  private static final class Log extends ChannelInboundHandlerAdapter {
    private final List<String> log;

    Log(List<String> log) {
      this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      log.add("read " + (char) buf.getByte(buf.readerIndex()));
      buf.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      log.add("inactive");
    }
  }
}
