package dev.sluice.h2.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The {@code grpc-message} percent-encoding. Decoding is lenient by contract (gRPC's
 * PROTOCOL-HTTP2.md: a malformed escape is kept as it stands), so it throws nothing for any
 * value; encoding takes any text. On every input:
 *
 * <ul>
 *   <li>{@link PercentEncoding#decode} returns, and a value without {@code %} comes back as it is;
 *   <li>{@link PercentEncoding#encode} gives a valid header value (printable ASCII only) whose
 *       every {@code %} starts an escape of two hex digits;
 *   <li>decoding what was encoded gives the text back: exactly, for well-formed UTF-16, and with
 *       each unpaired surrogate as {@code ?} (what UTF-8 can carry) otherwise.
 * </ul>
 *
 * <p>Fuzz input: for {@code decode}, the whole input as ISO-8859-1 octets (what HPACK delivers);
 * for {@code encode}, the whole input as {@link FuzzedDataProvider#consumeRemainingAsString()}.
 * Seeds are in {@code PercentEncodingFuzzTestInputs/<method>/}; run longer with
 * {@code bin/fuzz percent-decode} or {@code bin/fuzz percent-encode}.
 */
class PercentEncodingFuzzTest {

  @FuzzTest
  void decode_anyValue_neverThrowsAndReencodesToItself(FuzzedDataProvider data) {
    String wire = new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
    String text = PercentEncoding.decode(wire);
    if (wire.indexOf('%') < 0) {
      assertThat(text).isEqualTo(wire);
    }
    assertEncodesAndDecodesBack(text);
  }

  @FuzzTest
  void encode_anyText_printableAndDecodesBack(FuzzedDataProvider data) {
    assertEncodesAndDecodesBack(data.consumeRemainingAsString());
  }

  private static void assertEncodesAndDecodesBack(String text) {
    String encoded = PercentEncoding.encode(text);
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      assertThat(c >= 0x20 && c <= 0x7E).as("printable ASCII at %d: %s", i, encoded).isTrue();
      if (c == '%') {
        assertThat(i + 2 < encoded.length()
            && Character.digit(encoded.charAt(i + 1), 16) >= 0
            && Character.digit(encoded.charAt(i + 2), 16) >= 0)
            .as("escape at %d: %s", i, encoded).isTrue();
      }
    }
    String utf8Representable =
        new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertThat(PercentEncoding.decode(encoded)).isEqualTo(utf8Representable);
  }
}
