package dev.sluice.h2.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Marshaller;
import dev.sluice.testing.Marshallers;
import dev.sluice.transport.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageFramerTest {

  /** Text whose marshaller reports {@code sizeHint} (wrong on purpose in some tests). */
  private static Marshaller<String> textWithSize(int sizeHint) {
    Marshaller<String> text = Marshallers.MUTABLE_STRINGS;
    return new Marshaller<>() {
      @Override
      public void serialize(String value, OutputStream out) throws IOException {
        text.serialize(value, out);
      }

      @Override
      public String parse(InputStream in) throws IOException {
        return text.parse(in);
      }

      @Override
      public int serializedSize(String value) {
        return sizeHint;
      }
    };
  }

  private static String framedText(ByteBuf framed) {
    try {
      assertThat(framed.getByte(0)).as("compressed flag").isZero();
      int length = framed.getInt(1);
      assertThat(framed.readableBytes()).isEqualTo(MessageFramer.HEADER_LENGTH + length);
      return framed.toString(MessageFramer.HEADER_LENGTH, length, StandardCharsets.UTF_8);
    } finally {
      framed.release();
    }
  }

  @Test
  void exactSizeHint_writesPrefixAndBytes_directAndHeap() {
    for (var alloc : new io.netty.buffer.ByteBufAllocator[] {
        PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
      Message m = Message.ofValue("hello", textWithSize(5));
      assertThat(framedText(MessageFramer.frame(m, alloc))).isEqualTo("hello");
    }
  }

  @Test
  void sizeHintTooSmall_fallsBackAndFramesWhatWasWritten() {
    Message m = Message.ofValue("hello world", textWithSize(3));
    assertThat(framedText(MessageFramer.frame(m, PooledByteBufAllocator.DEFAULT)))
        .isEqualTo("hello world");
  }

  @Test
  void sizeHintTooLarge_fallsBackAndFramesWhatWasWritten() {
    Message m = Message.ofValue("hi", textWithSize(40));
    assertThat(framedText(MessageFramer.frame(m, PooledByteBufAllocator.DEFAULT)))
        .isEqualTo("hi");
  }

  @Test
  void noSizeHint_serializesOnce() {
    Message m = Message.ofValue("unknown size", textWithSize(-1));
    assertThat(framedText(MessageFramer.frame(m, PooledByteBufAllocator.DEFAULT)))
        .isEqualTo("unknown size");
  }

  @Test
  void emptyMessage_isJustThePrefix() {
    Message m = Message.ofValue("", textWithSize(0));
    ByteBuf framed = MessageFramer.frame(m, PooledByteBufAllocator.DEFAULT);
    assertThat(framed.readableBytes()).isEqualTo(MessageFramer.HEADER_LENGTH);
    assertThat(framedText(framed)).isEmpty();
  }

  @Test
  void bytesMessage_largerThanAnyScratch_isCopiedWhole() {
    byte[] big = new byte[100_000];
    big[99_999] = 42;
    ByteBuf framed = MessageFramer.frame(Message.ofBytes(big), PooledByteBufAllocator.DEFAULT);
    try {
      assertThat(framed.getInt(1)).isEqualTo(100_000);
      assertThat(framed.getByte(MessageFramer.HEADER_LENGTH + 99_999)).isEqualTo((byte) 42);
    } finally {
      framed.release();
    }
  }
}
