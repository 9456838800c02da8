package dev.sluice.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client handler and its exchanges on an in-memory channel, the test playing the echo
 * server: what completes an exchange, and what a wrong echo does.
 */
class FloorClientHandlerTest {

  private final FloorStats stats = new FloorStats();
  private FloorClientHandler handler;
  private EmbeddedChannel channel;

  @AfterEach
  void releaseEverything() {
    channel.finishAndReleaseAll();
  }

  @Test
  void pingPong_exactEcho_completesTheExchangeAndSendsTheNext() {
    open(FloorMode.PINGPONG, 16, 1);
    ByteBuf sent = channel.readOutbound();
    assertThat(sent.readableBytes()).isEqualTo(4 + 16);
    assertThat(sent.getInt(0)).isEqualTo(16);

    channel.writeInbound(sent);

    assertThat(stats.interval().getTotalCount()).isEqualTo(1);
    assertThat(stats.errors()).isZero();
    ByteBuf next = channel.readOutbound();
    assertThat(next).isNotNull();
    next.release();
  }

  @Test
  void pingPong_outstandingFour_sendsFourBeforeAnyEcho() {
    open(FloorMode.PINGPONG, 16, 4);

    assertThat(channel.outboundMessages()).hasSize(4);
  }

  @Test
  void pingPong_echoOfAnotherLength_countsAnErrorAndCloses() {
    open(FloorMode.PINGPONG, 16, 1);

    channel.writeInbound(message(15));

    assertThat(stats.errors()).isEqualTo(1);
    assertThat(stats.firstError()).isInstanceOf(IllegalStateException.class);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void pingPong_lengthPrefixBeyondWhatWasSent_failsWithoutBuffering() {
    open(FloorMode.PINGPONG, 16, 1);
    ByteBuf header = Unpooled.buffer(4).writeInt(1 << 30);

    channel.writeInbound(header);

    assertThat(stats.errors()).isEqualTo(1);
    assertThat(stats.firstError()).isInstanceOf(TooLongFrameException.class);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void bulk_chunkEchoedInPieces_completesOnItsLastByte() {
    open(FloorMode.BULK, 8, 1);
    channel.<ByteBuf>readOutbound().release();

    channel.writeInbound(Unpooled.buffer(5).writeZero(5));
    assertThat(stats.interval().getTotalCount()).isZero();
    channel.writeInbound(Unpooled.buffer(3).writeZero(3));

    assertThat(stats.interval().getTotalCount()).isEqualTo(1);
    assertThat(stats.errors()).isZero();
  }

  @Test
  void bulk_echoOfMoreThanWasSent_countsAnErrorAndCloses() {
    open(FloorMode.BULK, 8, 1);
    channel.<ByteBuf>readOutbound().release();

    channel.writeInbound(Unpooled.buffer(16).writeZero(16));

    assertThat(stats.errors()).isEqualTo(1);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void stop_afterTheLastEcho_drainsAndSendsNothingMore() throws Exception {
    open(FloorMode.PINGPONG, 16, 1);
    ByteBuf sent = channel.readOutbound();

    CompletableFuture<Void> drained = handler.stop();
    channel.runPendingTasks();
    assertThat(drained).isNotDone();
    channel.writeInbound(sent);

    assertThat(drained).isDone();
    assertThat(channel.outboundMessages()).isEmpty();
    assertThat(stats.errors()).isZero();
  }

  private void open(FloorMode mode, int size, int outstanding) {
    FloorExchange exchange = mode.exchange(size);
    handler = new FloorClientHandler(exchange, outstanding, stats);
    channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        exchange.addDecoders(ch.pipeline());
        ch.pipeline().addLast(handler);
      }
    });
  }

  private static ByteBuf message(int length) {
    return Unpooled.buffer(4 + length).writeInt(length).writeZero(length);
  }
}
