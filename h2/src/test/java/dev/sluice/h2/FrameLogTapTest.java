package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.h2.frame.FrameLog;
import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.frame.PrioritySpec;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.h2.hpack.HpackEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The frame log's tap on a byte stream written by {@link FrameWriter}: the same lines whether the
 * bytes come whole, one at a time or in random pieces; padding, priority and CONTINUATION in
 * header blocks; the HPACK state followed across blocks with the unsafe switch.
 */
class FrameLogTapTest {

  private static final String SECRET = "Bearer t0p-s3cret";
  private static final String BIG = "x".repeat(20_000); // spans a CONTINUATION frame

  private final Logger frameLog = Logger.getLogger(FrameLogTap.LOGGER);
  private final List<String> lines = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      lines.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level levelBefore;

  @BeforeEach
  void watch() {
    levelBefore = frameLog.getLevel();
    frameLog.setLevel(Level.FINE);
    frameLog.addHandler(handler);
  }

  @AfterEach
  void unwatch() {
    System.clearProperty(FrameLogTap.UNSAFE_PROPERTY);
    frameLog.removeHandler(handler);
    frameLog.setLevel(levelBefore);
  }

  /** A client's side of a short connection: two requests, a reset, a ping and GOAWAY. */
  private static ByteBuf clientBytes() {
    FrameWriter w = new FrameWriter();
    HpackEncoder hpack = new HpackEncoder();
    ByteBuf out = Unpooled.buffer();
    w.clientPreface(out);
    w.settings(out, new Http2Settings().put(Http2Settings.ENABLE_PUSH, 0)
        .put(Http2Settings.INITIAL_WINDOW_SIZE, 1_048_576));
    w.windowUpdate(out, 0, 983_041);
    List<HeaderField> fields = List.of(HeaderField.of(":method", "POST"),
        HeaderField.of(":path", "/pkg.Svc/Call"), HeaderField.of("authorization", SECRET),
        HeaderField.of("x-big", BIG));
    for (int stream : new int[] {1, 3}) {
      ByteBuf block = Unpooled.buffer();
      hpack.encode(fields, block);
      // Padded, with priority: the tap must find the block inside the payload.
      w.headers(out, stream, block, false, stream == 1 ? new PrioritySpec(0, 16, false) : null,
          stream == 1 ? 4 : 0);
      w.data(out, stream, Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII), true, 0);
    }
    w.rstStream(out, 3, Http2ErrorCode.CANCEL);
    w.ping(out, false, 42);
    w.goAway(out, 0, Http2ErrorCode.NO_ERROR, Unpooled.copiedBuffer("bye", StandardCharsets.UTF_8));
    return out;
  }

  private List<String> logged(ByteBuf bytes, int[] pieces) {
    lines.clear();
    FrameLogTap tap = FrameLogTap.create(FrameLog.Direction.OUTBOUND, true, "client c1");
    assertThat(tap).isNotNull();
    int index = bytes.readerIndex();
    for (int piece : pieces) {
      tap.onBytes(bytes.slice(index, piece));
      index += piece;
    }
    assertThat(index).isEqualTo(bytes.writerIndex());
    return List.copyOf(lines);
  }

  private static int[] whole(ByteBuf b) {
    return new int[] {b.readableBytes()};
  }

  private static int[] bytesOneByOne(ByteBuf b) {
    int[] pieces = new int[b.readableBytes()];
    Arrays.fill(pieces, 1);
    return pieces;
  }

  private static int[] randomPieces(ByteBuf b, long seed) {
    Random random = new Random(seed);
    List<Integer> pieces = new ArrayList<>();
    int left = b.readableBytes();
    while (left > 0) {
      int n = Math.min(left, 1 + random.nextInt(40));
      pieces.add(n);
      left -= n;
    }
    return pieces.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void tap_wholeBuffer_oneLinePerFrameWithDetails() {
    ByteBuf bytes = clientBytes();
    List<String> got = logged(bytes, whole(bytes));
    assertThat(got).hasSize(12);
    assertThat(got.subList(0, 3)).containsExactly(
        "client c1 >> PREFACE",
        "client c1 >> SETTINGS stream=0 flags=- length=12 {ENABLE_PUSH=0, "
            + "INITIAL_WINDOW_SIZE=1048576}",
        "client c1 >> WINDOW_UPDATE stream=0 flags=- length=4 increment=983041");
    assertThat(got.get(3)).startsWith("client c1 >> HEADERS stream=1 flags=PRIORITY|PADDED "
        + "length=16384");
    assertThat(got.get(4)).startsWith("client c1 >> CONTINUATION stream=1 flags=END_HEADERS "
        + "length=");
    assertThat(got.get(5)).isEqualTo("client c1 >> DATA stream=1 flags=END_STREAM length=5");
    assertThat(got.get(6)).startsWith("client c1 >> HEADERS stream=3 flags=- length=16384");
    assertThat(got.get(7)).startsWith("client c1 >> CONTINUATION stream=3 flags=END_HEADERS");
    assertThat(got.subList(8, 12)).containsExactly(
        "client c1 >> DATA stream=3 flags=END_STREAM length=5",
        "client c1 >> RST_STREAM stream=3 flags=- length=4 error=CANCEL",
        "client c1 >> PING stream=0 flags=- length=8",
        "client c1 >> GOAWAY stream=0 flags=- length=11 last_stream=0 error=NO_ERROR");
    assertThat(got).noneSatisfy(l -> assertThat(l).contains("s3cret").contains("fields"));
  }

  @Test
  void tap_splitAnyWay_sameLines() {
    ByteBuf bytes = clientBytes();
    List<String> expected = logged(bytes, whole(bytes));
    assertThat(logged(bytes, bytesOneByOne(bytes))).isEqualTo(expected);
    for (long seed = 1; seed <= 20; seed++) {
      assertThat(logged(bytes, randomPieces(bytes, seed))).as("seed " + seed)
          .isEqualTo(expected);
    }
    assertThat(bytes.readerIndex()).isZero(); // the tap never moves the indices
  }

  @Test
  void tap_unsafeSwitch_fieldsOfEachBlockOnItsLastFrame() {
    System.setProperty(FrameLogTap.UNSAFE_PROPERTY, "true");
    ByteBuf bytes = clientBytes();
    List<String> got = logged(bytes, randomPieces(bytes, 7));
    List<String> withFields = got.stream().filter(l -> l.contains(" fields={")).toList();
    // The CONTINUATION that ends stream 1's block, and stream 3's: mostly indexed by then.
    assertThat(withFields).hasSize(2);
    assertThat(withFields.get(0)).contains(">> CONTINUATION stream=1 flags=END_HEADERS");
    for (String line : withFields) {
      assertThat(line).contains("fields={:method: POST, :path: /pkg.Svc/Call, authorization: "
          + SECRET + ", x-big: " + BIG + "}");
    }
  }
}
