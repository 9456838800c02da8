package dev.sluice.h2.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Status;
import dev.sluice.transport.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageDeframerTest {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void deframe_splitAtEveryByte_yieldsMessagesInOrder() throws Exception {
    ByteBuf wire = Unpooled.buffer();
    for (String s : new String[] {"", "a", "hello world"}) {
      ByteBuf f = MessageFramer.frame(Message.ofBytes(s.getBytes(StandardCharsets.UTF_8)), alloc);
      wire.writeBytes(f);
      f.release();
    }
    MessageDeframer d = new MessageDeframer(alloc, 1024);
    while (wire.isReadable()) {
      d.add(wire.readRetainedSlice(1));
    }
    wire.release();
    assertThat(new String(d.poll().toByteArray(), StandardCharsets.UTF_8)).isEmpty();
    assertThat(new String(d.poll().toByteArray(), StandardCharsets.UTF_8)).isEqualTo("a");
    Message last = d.poll();
    assertThat(new String(last.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("hello world");
    assertThat(d.poll()).isNull();
    assertThat(d.hasPartialMessage()).isFalse();
    d.close();
  }

  @Test
  void deframe_declaredLengthOverLimit_failsBeforeBuffering() {
    MessageDeframer d = new MessageDeframer(alloc, 10);
    ByteBuf prefix = Unpooled.buffer().writeByte(0).writeInt(1 << 30);
    assertThatThrownBy(() -> d.add(prefix))
        .isInstanceOfSatisfying(MessageDeframer.DeframeException.class,
            e -> assertThat(e.status().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    d.close();
  }

  @Test
  void deframe_compressedFlag_isCarriedOnTheMessage() throws Exception {
    MessageDeframer d = new MessageDeframer(alloc, 10);
    d.add(Unpooled.buffer().writeByte(1).writeInt(2).writeByte(7).writeByte(8));
    Message m = d.poll();
    assertThat(m.isCompressed()).isTrue();
    assertThat(m.toByteArray()).containsExactly(7, 8);
    d.close();
  }

  @Test
  void deframe_reservedFlagBits_areInternal() {
    MessageDeframer d = new MessageDeframer(alloc, 10);
    ByteBuf prefix = Unpooled.buffer().writeByte(2).writeInt(0);
    assertThatThrownBy(() -> d.add(prefix))
        .isInstanceOfSatisfying(MessageDeframer.DeframeException.class,
            e -> assertThat(e.status().code()).isEqualTo(Status.Code.INTERNAL));
    d.close();
  }

  @Test
  void close_releasesUndeliveredMessages() throws Exception {
    MessageDeframer d = new MessageDeframer(alloc, 100);
    ByteBuf data = alloc.buffer().writeByte(0).writeInt(3).writeBytes(new byte[] {1, 2, 3});
    d.add(data);
    d.close();
    assertThat(data.refCnt()).isZero();
  }
}
