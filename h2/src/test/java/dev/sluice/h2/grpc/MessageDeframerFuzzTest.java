package dev.sluice.h2.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.Status;
import dev.sluice.transport.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Hostile DATA payloads for the {@link MessageDeframer}: any bytes, in any pieces, against any
 * message size limit. On every input:
 *
 * <ul>
 *   <li>{@link MessageDeframer#add} returns or throws {@link MessageDeframer.DeframeException}
 *       (INTERNAL for reserved flag bits, RESOURCE_EXHAUSTED for a message over the limit, raised
 *       as soon as the 5-byte prefix is in); nothing else escapes;
 *   <li>the messages, their compressed flags and the error are exactly those of a plain reading of
 *       gRPC's Length-Prefixed-Message format over all the bytes at once, however they were split;
 *   <li>no message handed out is longer than the limit, and the byte counts the flow control
 *       relies on ({@link MessageDeframer#completeBytes()}, {@link
 *       MessageDeframer#bufferedBytes()}) match what is held;
 *   <li>no buffer leaks: once the messages are released and the deframer closed, every byte of
 *       every payload it was given has been released (counted exactly by an instrumented
 *       allocator, as in the frame reader's target).
 * </ul>
 *
 * <p>Fuzz input layout, as {@link FuzzedDataProvider} reads it from the end: two bytes for the
 * limit (0 to 1024 bytes), one for the number of piece sizes (1 + b % 8), then one byte per piece
 * size (1 + b % 64, cycled). The bytes in front are the stream's DATA. Seeds are in
 * {@code MessageDeframerFuzzTestInputs/<method>/}; run longer with {@code bin/fuzz deframer}.
 */
class MessageDeframerFuzzTest {

  @FuzzTest
  void add_anyBytesInAnyPieces_typedErrorsOnlyLimitHoldsNoLeaks(FuzzedDataProvider data) {
    int maxMessageSize = data.consumeInt(0, 1024);
    int[] splits = new int[data.consumeInt(1, 8)];
    for (int i = 0; i < splits.length; i++) {
      splits[i] = data.consumeInt(1, 64);
    }
    byte[] wire = data.consumeRemainingAsBytes();
    Reading expected = readWhole(wire, maxMessageSize);

    UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
    MessageDeframer deframer = new MessageDeframer(alloc, maxMessageSize);
    List<String> messages = new ArrayList<>();
    Status.Code error = null;
    try {
      int offset = 0;
      for (int piece = 0; offset < wire.length && error == null; piece++) {
        int n = Math.min(splits[piece % splits.length], wire.length - offset);
        ByteBuf chunk = alloc.heapBuffer(n).writeBytes(wire, offset, n);
        offset += n;
        try {
          deframer.add(chunk);
        } catch (MessageDeframer.DeframeException e) {
          error = e.status().code();
        }
        drain(deframer, maxMessageSize, messages);
      }
      assertThat(messages).as("messages").isEqualTo(expected.messages());
      assertThat(error).as("error").isEqualTo(expected.error());
      if (error == null) {
        assertThat(deframer.hasPartialMessage()).as("partial message").isEqualTo(expected.partial());
      }
    } finally {
      deframer.close();
    }
    assertThat(alloc.metric().usedHeapMemory()).as("bytes held after close").isZero();
  }

  /** Takes every complete message, checking the counts and the limit, then releases it. */
  private static void drain(MessageDeframer deframer, int maxMessageSize, List<String> out) {
    long completeBytes = deframer.completeBytes();
    int buffered = deframer.bufferedBytes();
    long taken = 0;
    int takenBodies = 0;
    Message m;
    while ((m = deframer.poll()) != null) {
      try {
        assertThat(m.length()).as("message length").isLessThanOrEqualTo(maxMessageSize);
        taken += 5 + m.length();
        takenBodies += m.length();
        out.add(describe(m.isCompressed(), m.toByteArray()));
      } finally {
        m.release();
      }
    }
    assertThat(taken).as("completeBytes before taking the messages").isEqualTo(completeBytes);
    assertThat(deframer.completeBytes()).isZero();
    assertThat(deframer.bufferedBytes()).as("bufferedBytes less the messages taken")
        .isEqualTo(buffered - takenBodies);
  }

  /** What a reading of all the bytes at once yields: the reference the deframer must match. */
  record Reading(List<String> messages, Status.Code error, boolean partial) {}

  static Reading readWhole(byte[] wire, int maxMessageSize) {
    List<String> messages = new ArrayList<>();
    int pos = 0;
    while (wire.length - pos >= 5) {
      int flags = wire[pos] & 0xFF;
      long length = ((wire[pos + 1] & 0xFFL) << 24) | ((wire[pos + 2] & 0xFF) << 16)
          | ((wire[pos + 3] & 0xFF) << 8) | (wire[pos + 4] & 0xFF);
      if ((flags & 0xFE) != 0) {
        return new Reading(messages, Status.Code.INTERNAL, true);
      }
      if (length > maxMessageSize) {
        return new Reading(messages, Status.Code.RESOURCE_EXHAUSTED, true);
      }
      if (wire.length - pos - 5 < length) {
        break;
      }
      byte[] body = new byte[(int) length];
      System.arraycopy(wire, pos + 5, body, 0, body.length);
      messages.add(describe(flags == 1, body));
      pos += 5 + body.length;
    }
    return new Reading(messages, null, pos < wire.length);
  }

  private static String describe(boolean compressed, byte[] body) {
    return (compressed ? "compressed " : "plain ") + HexFormat.of().formatHex(body);
  }
}
