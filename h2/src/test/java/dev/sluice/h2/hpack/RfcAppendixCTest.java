package dev.sluice.h2.hpack;

import static dev.sluice.h2.hpack.HeaderField.of;
import static dev.sluice.h2.hpack.RecordingListener.f;
import static dev.sluice.h2.hpack.TableAssert.assertTable;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The header block examples of RFC 7541 Appendix C.2 to C.6, decoded (fields and resulting
 * dynamic table) and, where our indexing policy makes the same choices, encoded byte for byte.
 */
class RfcAppendixCTest {

  // C.3 / C.4 requests
  static final String C3_1 = "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d";
  static final String C3_2 = "8286 84be 5808 6e6f 2d63 6163 6865";
  static final String C3_3 =
      "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65";
  static final String C4_1 = "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff";
  static final String C4_2 = "8286 84be 5886 a8eb 1064 9cbf";
  static final String C4_3 = "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf";

  // C.5 / C.6 responses, table size 256
  static final String C5_1 = "4803 3330 3258 0770 7269 7661 7465 611d"
      + "4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
      + "2032 303a 3133 3a32 3120 474d 546e 1768"
      + "7474 7073 3a2f 2f77 7777 2e65 7861 6d70"
      + "6c65 2e63 6f6d";
  static final String C5_2 = "4803 3330 37c1 c0bf";
  static final String C5_3 = "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420"
      + "3230 3133 2032 303a 3133 3a32 3220 474d"
      + "54c0 5a04 677a 6970 7738 666f 6f3d 4153"
      + "444a 4b48 514b 425a 584f 5157 454f 5049"
      + "5541 5851 5745 4f49 553b 206d 6178 2d61"
      + "6765 3d33 3630 303b 2076 6572 7369 6f6e"
      + "3d31";
  static final String C6_1 = "4882 6402 5885 aec3 771a 4b61 96d0 7abe"
      + "9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
      + "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8"
      + "e9ae 82ae 43d3";
  static final String C6_2 = "4883 640e ffc1 c0bf";
  static final String C6_3 = "88c1 6196 d07a be94 1054 d444 a820 0595"
      + "040b 8166 e084 a62d 1bff c05a 839b d9ab"
      + "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b"
      + "3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
      + "9587 3160 65c0 03ed 4ee5 b106 3d50 07";

  static final String DATE_1 = "Mon, 21 Oct 2013 20:13:21 GMT";
  static final String DATE_2 = "Mon, 21 Oct 2013 20:13:22 GMT";
  static final String LOCATION = "https://www.example.com";
  static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

  static final List<HeaderField> REQUEST_1 = List.of(
      of(":method", "GET"), of(":scheme", "http"), of(":path", "/"),
      of(":authority", "www.example.com"));
  static final List<HeaderField> REQUEST_2 = List.of(
      of(":method", "GET"), of(":scheme", "http"), of(":path", "/"),
      of(":authority", "www.example.com"), of("cache-control", "no-cache"));
  static final List<HeaderField> REQUEST_3 = List.of(
      of(":method", "GET"), of(":scheme", "https"), of(":path", "/index.html"),
      of(":authority", "www.example.com"), of("custom-key", "custom-value"));
  static final List<HeaderField> RESPONSE_1 = List.of(
      of(":status", "302"), of("cache-control", "private"), of("date", DATE_1),
      of("location", LOCATION));
  static final List<HeaderField> RESPONSE_2 = List.of(
      of(":status", "307"), of("cache-control", "private"), of("date", DATE_1),
      of("location", LOCATION));
  static final List<HeaderField> RESPONSE_3 = List.of(
      of(":status", "200"), of("cache-control", "private"), of("date", DATE_2),
      of("location", LOCATION), of("content-encoding", "gzip"), of("set-cookie", COOKIE));

  // ---- C.2 literal forms, each on a fresh decoder

  @Test
  void decode_c21LiteralWithIndexing_addsEntry() throws Exception {
    HpackDecoder decoder = new HpackDecoder();
    assertThat(decode(decoder, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"))
        .containsExactly(f("custom-key", "custom-header"));
    assertTable(decoder.table(), 55, of("custom-key", "custom-header"));
  }

  @Test
  void decode_c22LiteralWithoutIndexing_leavesTableEmpty() throws Exception {
    HpackDecoder decoder = new HpackDecoder();
    assertThat(decode(decoder, "040c 2f73 616d 706c 652f 7061 7468"))
        .containsExactly(f(":path", "/sample/path"));
    assertTable(decoder.table(), 0);
  }

  @Test
  void decode_c23NeverIndexed_isSensitiveAndNotIndexed() throws Exception {
    HpackDecoder decoder = new HpackDecoder();
    assertThat(decode(decoder, "1008 7061 7373 776f 7264 0673 6563 7265 74"))
        .containsExactly(RecordingListener.sensitive("password", "secret"));
    assertTable(decoder.table(), 0);
  }

  @Test
  void decode_c24Indexed_readsStaticEntry() throws Exception {
    HpackDecoder decoder = new HpackDecoder();
    assertThat(decode(decoder, "82")).containsExactly(f(":method", "GET"));
    assertTable(decoder.table(), 0);
  }

  @Test
  void encode_c21AndC24_matchRfcBytes() {
    assertThat(encode(new HpackEncoder(4096, 4096, false), List.of(of("custom-key", "custom-header"))))
        .isEqualTo(Hex.compact("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
    assertThat(encode(new HpackEncoder(), List.of(of(":method", "GET")))).isEqualTo("82");
  }

  @Test
  void encode_c22WhenTooLargeToIndex_isLiteralWithoutIndexing() {
    // Our encoder only skips indexing for large fields; a tiny threshold reproduces C.2.2.
    HpackEncoder encoder = new HpackEncoder(4096, 0, false);
    assertThat(encode(encoder, List.of(of(":path", "/sample/path"))))
        .isEqualTo(Hex.compact("040c 2f73 616d 706c 652f 7061 7468"));
    assertTable(encoder.table(), 0);
  }

  @Test
  void encode_c23Sensitive_isNeverIndexed() {
    HpackEncoder encoder = new HpackEncoder(4096, 4096, false);
    assertThat(encode(encoder, List.of(HeaderField.sensitive("password", "secret"))))
        .isEqualTo(Hex.compact("1008 7061 7373 776f 7264 0673 6563 7265 74"));
    assertTable(encoder.table(), 0);
  }

  // ---- C.3 / C.4 requests

  @Test
  void decode_c3RequestsWithoutHuffman_matchFieldsAndTable() throws Exception {
    assertRequests(C3_1, C3_2, C3_3);
  }

  @Test
  void decode_c4RequestsWithHuffman_matchFieldsAndTable() throws Exception {
    assertRequests(C4_1, C4_2, C4_3);
  }

  private static void assertRequests(String b1, String b2, String b3) throws Exception {
    HpackDecoder decoder = new HpackDecoder();
    assertThat(decode(decoder, b1)).containsExactlyElementsOf(fields(REQUEST_1));
    assertTable(decoder.table(), 57, of(":authority", "www.example.com"));
    assertThat(decode(decoder, b2)).containsExactlyElementsOf(fields(REQUEST_2));
    assertTable(decoder.table(), 110,
        of("cache-control", "no-cache"), of(":authority", "www.example.com"));
    assertThat(decode(decoder, b3)).containsExactlyElementsOf(fields(REQUEST_3));
    assertTable(decoder.table(), 164, of("custom-key", "custom-value"),
        of("cache-control", "no-cache"), of(":authority", "www.example.com"));
  }

  @Test
  void encode_c3RequestsWithoutHuffman_matchRfcBytes() {
    HpackEncoder encoder = new HpackEncoder(4096, HpackEncoder.DEFAULT_MAX_INDEXED_ENTRY_SIZE, false);
    assertThat(encode(encoder, REQUEST_1)).isEqualTo(Hex.compact(C3_1));
    assertThat(encode(encoder, REQUEST_2)).isEqualTo(Hex.compact(C3_2));
    assertThat(encode(encoder, REQUEST_3)).isEqualTo(Hex.compact(C3_3));
    assertTable(encoder.table(), 164, of("custom-key", "custom-value"),
        of("cache-control", "no-cache"), of(":authority", "www.example.com"));
  }

  @Test
  void encode_c4RequestsWithHuffman_matchRfcBytes() {
    HpackEncoder encoder = new HpackEncoder();
    assertThat(encode(encoder, REQUEST_1)).isEqualTo(Hex.compact(C4_1));
    assertThat(encode(encoder, REQUEST_2)).isEqualTo(Hex.compact(C4_2));
    assertThat(encode(encoder, REQUEST_3)).isEqualTo(Hex.compact(C4_3));
  }

  // ---- C.5 / C.6 responses with a 256-octet table and eviction

  @Test
  void decode_c5ResponsesWithoutHuffman_matchFieldsAndTable() throws Exception {
    assertResponses(C5_1, C5_2, C5_3);
  }

  @Test
  void decode_c6ResponsesWithHuffman_matchFieldsAndTable() throws Exception {
    assertResponses(C6_1, C6_2, C6_3);
  }

  private static void assertResponses(String b1, String b2, String b3) throws Exception {
    HpackDecoder decoder = new HpackDecoder(256, HpackDecoder.DEFAULT_MAX_HEADER_LIST_SIZE);
    assertThat(decode(decoder, b1)).containsExactlyElementsOf(fields(RESPONSE_1));
    assertTable(decoder.table(), 222, of("location", LOCATION), of("date", DATE_1),
        of("cache-control", "private"), of(":status", "302"));
    assertThat(decode(decoder, b2)).containsExactlyElementsOf(fields(RESPONSE_2));
    assertTable(decoder.table(), 222, of(":status", "307"), of("location", LOCATION),
        of("date", DATE_1), of("cache-control", "private"));
    assertThat(decode(decoder, b3)).containsExactlyElementsOf(fields(RESPONSE_3));
    assertTable(decoder.table(), 215, of("set-cookie", COOKIE), of("content-encoding", "gzip"),
        of("date", DATE_2));
  }

  @Test
  void encode_c5ResponsesWithoutHuffman_matchRfcBytes() {
    // The RFC indexes every field; with a 256 table our default 1/4 rule would not, so lift it.
    HpackEncoder encoder = new HpackEncoder(256, Integer.MAX_VALUE, false);
    assertThat(encode(encoder, RESPONSE_1)).isEqualTo(Hex.compact(C5_1));
    assertThat(encode(encoder, RESPONSE_2)).isEqualTo(Hex.compact(C5_2));
    assertThat(encode(encoder, RESPONSE_3)).isEqualTo(Hex.compact(C5_3));
    assertTable(encoder.table(), 215, of("set-cookie", COOKIE), of("content-encoding", "gzip"),
        of("date", DATE_2));
  }

  @Test
  void encode_c6ResponsesWithHuffman_matchRfcBytes() {
    HpackEncoder encoder = new HpackEncoder(256, Integer.MAX_VALUE, true);
    assertThat(encode(encoder, RESPONSE_1)).isEqualTo(Hex.compact(C6_1));
    // "307" Huffman-codes to 3 octets, no shorter than raw; the RFC chose Huffman, we send it raw
    // (4803 333037 instead of 4883 640eff). The table ends up the same, so C.6.3 matches again.
    assertThat(encode(encoder, RESPONSE_2)).isEqualTo(Hex.compact("4803 3330 37c1 c0bf"));
    assertThat(encode(encoder, RESPONSE_3)).isEqualTo(Hex.compact(C6_3));
  }

  static List<RecordingListener.Field> decode(HpackDecoder decoder, String hex) throws Exception {
    RecordingListener listener = new RecordingListener();
    ByteBuf block = Hex.buf(hex);
    decoder.decode(block, listener);
    assertThat(block.isReadable()).isFalse();
    return listener.fields;
  }

  static String encode(HpackEncoder encoder, List<HeaderField> headers) {
    ByteBuf out = Unpooled.buffer();
    encoder.encode(headers, out);
    return Hex.of(out);
  }

  static List<RecordingListener.Field> fields(List<HeaderField> headers) {
    return headers.stream().map(h -> f(h.name(), h.value())).toList();
  }
}
