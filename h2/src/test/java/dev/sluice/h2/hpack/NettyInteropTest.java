package dev.sluice.h2.hpack;

import static org.assertj.core.api.Assertions.assertThat;

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
import net.jqwik.api.Tuple;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Differential tests against Netty's HPACK (a test-only oracle): several consecutive blocks on
 * one pair of tables, with table size changes between them, must decode to the same lists in both
 * directions. Any drift between the two dynamic tables shows up as a wrong field in a later block.
 */
class NettyInteropTest {

  private static final long BIG_LIST_LIMIT = 1 << 24;

  /** One block to send, optionally preceded by a new SETTINGS_HEADER_TABLE_SIZE (-1: none). */
  record Step(int newTableSize, List<HeaderField> headers) {}

  @Property(tries = 300)
  void ourEncoder_nettyDecoder_agreeOverConsecutiveBlocks(@ForAll("steps") List<Step> steps)
      throws Exception {
    HpackEncoder ours = new HpackEncoder();
    DefaultHttp2HeadersDecoder netty = new DefaultHttp2HeadersDecoder(false, false, BIG_LIST_LIMIT);
    for (Step step : steps) {
      if (step.newTableSize() >= 0) {
        // The receiver (Netty) advertised a new size and got its ACK; we, the sender, apply it.
        netty.configuration().maxHeaderTableSize(step.newTableSize());
        ours.setMaxTableSize(step.newTableSize());
      }
      ByteBuf block = Unpooled.buffer();
      ours.encode(step.headers(), block);
      Http2Headers decoded = netty.decodeHeaders(1, block);
      assertThat(fieldsOf(decoded)).containsExactlyElementsOf(plain(step.headers()));
    }
  }

  @Property(tries = 300)
  void nettyEncoder_ourDecoder_agreeOverConsecutiveBlocks(@ForAll("steps") List<Step> steps)
      throws Exception {
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
      netty.encodeHeaders(1, headers, block);
      RecordingListener listener = new RecordingListener();
      ours.decode(block, listener);
      List<RecordingListener.Field> expected = new ArrayList<>();
      for (HeaderField f : fieldsOf(headers)) {
        expected.add(new RecordingListener.Field(f.name(), f.value(), isSecret(f.name())));
      }
      assertThat(listener.fields).containsExactlyElementsOf(expected);
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Integer> tableSize = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(-1)),
        Tuple.of(1, Arbitraries.of(0, 64, 100, 256, 1000, 4096)));
    return Combinators.combine(tableSize, headerLists())
        .as(Step::new)
        .list().ofMinSize(1).ofMaxSize(6);
  }

  private static Arbitrary<List<HeaderField>> headerLists() {
    Arbitrary<List<HeaderField>> pseudo = Arbitraries.of(
            HeaderField.of(":method", "POST"), HeaderField.of(":scheme", "https"),
            HeaderField.of(":path", "/sluice.Echo/Say"), HeaderField.of(":authority", "example"),
            HeaderField.of(":status", "200"))
        .set().ofMaxSize(4).map(ArrayList::new);
    Arbitrary<HeaderField> regular = Combinators.combine(names(), values(), Arbitraries.of(
        false, false, false, true)).as((n, v, secret) -> HeaderField.of(secret ? "secret-" + n : n, v));
    return Combinators.combine(pseudo, regular.list().ofMaxSize(12)).as((p, r) -> {
      List<HeaderField> all = new ArrayList<>(p);
      all.addAll(r);
      return all;
    });
  }

  private static Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.of("content-type", "grpc-status", "grpc-message", "te", "user-agent",
            "cookie", "x-repeat", "grpc-timeout"),
        Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(12),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMinLength(1).ofMaxLength(12)
            .filter(s -> !s.startsWith(":")));
  }

  private static Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "0", "application/grpc", "trailers", "gzip", "a-repeated-value"),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40),
        Arbitraries.strings().withCharRange(' ', '~').ofMinLength(300).ofMaxLength(1500));
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
