package dev.sluice.h2.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential tests against Netty's HPACK (a test-only oracle): several consecutive blocks on
 * one pair of tables, with table size changes between them, must decode to the same lists in both
 * directions. Any drift between the two dynamic tables shows up as a wrong field in a later block.
 *
 * <p>Each direction is a fuzz target (seeds in {@code NettyInteropTestInputs/<method>/}, longer
 * runs with {@code bin/fuzz hpack-netty-decodes-ours} and {@code hpack-ours-decodes-netty}) and a
 * test over 300 seeded conversations. Both draw their blocks from {@link #steps(Choices)}.
 */
class NettyInteropTest {

  private static final long BIG_LIST_LIMIT = 1 << 24;
  private static final int SEEDED_CONVERSATIONS = 300;

  /** One block to send, optionally preceded by a new SETTINGS_HEADER_TABLE_SIZE (-1: none). */
  record Step(int newTableSize, List<HeaderField> headers) {}

  @FuzzTest
  void ourEncoder_nettyDecoder_agreeOverConsecutiveBlocks(FuzzedDataProvider data)
      throws Exception {
    ourEncoderNettyDecoderAgree(steps(Choices.of(data)));
  }

  @FuzzTest
  void nettyEncoder_ourDecoder_agreeOverConsecutiveBlocks(FuzzedDataProvider data)
      throws Exception {
    nettyEncoderOurDecoderAgree(steps(Choices.of(data)));
  }

  @Test
  void ourEncoder_nettyDecoder_agreeOverSeededConversations() throws Exception {
    for (long seed = 0; seed < SEEDED_CONVERSATIONS; seed++) {
      List<Step> steps = steps(Choices.of(new Random(seed)));
      try {
        ourEncoderNettyDecoderAgree(steps);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  @Test
  void nettyEncoder_ourDecoder_agreeOverSeededConversations() throws Exception {
    for (long seed = 0; seed < SEEDED_CONVERSATIONS; seed++) {
      List<Step> steps = steps(Choices.of(new Random(seed)));
      try {
        nettyEncoderOurDecoderAgree(steps);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  private static void ourEncoderNettyDecoderAgree(List<Step> steps) throws Exception {
    HpackEncoder ours = new HpackEncoder();
    DefaultHttp2HeadersDecoder netty = new DefaultHttp2HeadersDecoder(false, false, BIG_LIST_LIMIT);
    for (Step step : steps) {
      if (step.newTableSize() >= 0) {
        // The receiver (Netty) advertised a new size and got its ACK; we, the sender, apply it.
        netty.configuration().maxHeaderTableSize(step.newTableSize());
        ours.setMaxTableSize(step.newTableSize());
      }
      ByteBuf block = Unpooled.buffer();
      try {
        ours.encode(step.headers(), block);
        Http2Headers decoded = netty.decodeHeaders(1, block);
        assertThat(fieldsOf(decoded)).containsExactlyElementsOf(plain(step.headers()));
      } finally {
        block.release();
      }
    }
  }

  private static void nettyEncoderOurDecoderAgree(List<Step> steps) throws Exception {
    DefaultHttp2HeadersEncoder netty = new DefaultHttp2HeadersEncoder(
        (name, value) -> isSecret(name.toString()), true);
    HpackDecoder ours = new HpackDecoder(HpackDecoder.DEFAULT_MAX_TABLE_SIZE, BIG_LIST_LIMIT);
    for (Step step : steps) {
      if (step.newTableSize() >= 0) {
        ours.setMaxTableSize(step.newTableSize());
        netty.configuration().maxHeaderTableSize(step.newTableSize());
      }
      Http2Headers headers = new DefaultHttp2Headers(false);
      for (HeaderField f : step.headers()) {
        headers.add(latin1(f.name()), latin1(f.value()));
      }
      ByteBuf block = Unpooled.buffer();
      RecordingListener listener = new RecordingListener();
      try {
        netty.encodeHeaders(1, headers, block);
        ours.decode(block, listener);
      } finally {
        block.release();
      }
      List<RecordingListener.Field> expected = new ArrayList<>();
      for (HeaderField f : fieldsOf(headers)) {
        expected.add(new RecordingListener.Field(f.name(), f.value(), isSecret(f.name())));
      }
      assertThat(listener.fields).containsExactlyElementsOf(expected);
    }
  }

  /**
   * One to six blocks; before about one in seven, a new table size of 0, 64, 100, 256, 1000 or
   * 4096. Each block: up to four request or response pseudo-headers, then up to twelve regular
   * fields, a quarter of them sensitive (named {@code secret-...}).
   */
  static List<Step> steps(Choices c) {
    List<Step> steps = new ArrayList<>();
    for (int n = c.between(1, 6); n > 0; n--) {
      int tableSize = c.oneIn(7) ? c.pick(List.of(0, 64, 100, 256, 1000, 4096)) : -1;
      steps.add(new Step(tableSize, headerList(c)));
    }
    return steps;
  }

  private static final List<HeaderField> PSEUDO = List.of(
      HeaderField.of(":method", "POST"), HeaderField.of(":scheme", "https"),
      HeaderField.of(":path", "/sluice.Echo/Say"), HeaderField.of(":authority", "example"),
      HeaderField.of(":status", "200"));

  private static final List<String> NAMES = List.of("content-type", "grpc-status",
      "grpc-message", "te", "user-agent", "cookie", "x-repeat", "grpc-timeout");

  private static final List<String> VALUES =
      List.of("", "0", "application/grpc", "trailers", "gzip", "a-repeated-value");

  private static List<HeaderField> headerList(Choices c) {
    List<HeaderField> all = new ArrayList<>();
    for (HeaderField pseudo : PSEUDO) {
      if (all.size() < 4 && c.oneIn(2)) {
        all.add(pseudo);
      }
    }
    for (int n = c.between(0, 12); n > 0; n--) {
      String name = name(c);
      all.add(HeaderField.of(c.oneIn(4) ? "secret-" + name : name, value(c)));
    }
    return all;
  }

  private static String name(Choices c) {
    return switch (c.between(0, 2)) {
      case 0 -> c.pick(NAMES);
      case 1 -> text(c, c.between(1, 12), "abcdefghijklmnopqrstuvwxyz-");
      default -> {
        String s = latin1(c, c.between(1, 12));
        yield s.startsWith(":") ? "x" + s : s;
      }
    };
  }

  private static String value(Choices c) {
    return switch (c.between(0, 3)) {
      case 0 -> c.pick(VALUES);
      case 1 -> printable(c, c.between(0, 40));
      case 2 -> latin1(c, c.between(0, 40));
      default -> printable(c, c.between(300, 1500));
    };
  }

  private static String printable(Choices c, int length) {
    char[] chars = new char[length];
    byte[] b = c.bytes(length);
    for (int i = 0; i < length; i++) {
      chars[i] = (char) (' ' + (b[i] & 0xFF) % 95);
    }
    return new String(chars);
  }

  private static String text(Choices c, int length, String alphabet) {
    char[] chars = new char[length];
    byte[] b = c.bytes(length);
    for (int i = 0; i < length; i++) {
      chars[i] = alphabet.charAt((b[i] & 0xFF) % alphabet.length());
    }
    return new String(chars);
  }

  private static String latin1(Choices c, int length) {
    return new String(c.bytes(length), StandardCharsets.ISO_8859_1);
  }

  private static boolean isSecret(String name) {
    return name.startsWith("secret-");
  }

  /** Our fields with the sensitive flag as the generator chose it by name. */
  private static List<HeaderField> plain(List<HeaderField> fields) {
    return fields.stream().map(f -> HeaderField.of(f.name(), f.value())).toList();
  }

  private static List<HeaderField> fieldsOf(Http2Headers headers) {
    List<HeaderField> out = new ArrayList<>();
    headers.forEach(e -> out.add(HeaderField.of(e.getKey().toString(), e.getValue().toString())));
    return out;
  }

  private static AsciiString latin1(String s) {
    return new AsciiString(s.getBytes(StandardCharsets.ISO_8859_1), false);
  }
}
