package dev.sluice.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class CompressionTest {

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream z = GzipCodec.INSTANCE.compress(buf)) {
      z.write(data);
    }
    return buf.toByteArray();
  }

  @Test
  void gzip_roundTrips() throws Exception {
    byte[] data = "hello hello hello hello".getBytes();
    byte[] out = BoundedInflater.inflate(GzipCodec.INSTANCE,
        new ByteArrayInputStream(gzip(data)), 1000);
    assertThat(out).isEqualTo(data);
  }

  @Test
  void inflate_bomb_stopsAtTheLimitWithoutInflatingItAll() throws Exception {
    byte[] bomb = gzip(new byte[50 << 20]);
    assertThat(bomb.length).isLessThan(100_000);
    assertThatThrownBy(() -> BoundedInflater.inflate(GzipCodec.INSTANCE,
        new ByteArrayInputStream(bomb), 1 << 20))
        .isInstanceOf(BoundedInflater.TooLargeException.class)
        .hasMessageContaining("maxInboundMessageSize");
  }

  @Test
  void inflate_garbage_isAnIoError() {
    assertThatThrownBy(() -> BoundedInflater.inflate(GzipCodec.INSTANCE,
        new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 100))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void codecs_acceptEncoding_listsSupportedThenIdentity() {
    MessageCodecs c = MessageCodecs.defaults();
    assertThat(c.acceptEncoding()).isEqualTo("gzip,identity");
    assertThat(c.supports("GZIP")).isTrue();
    assertThat(c.supports("identity")).isTrue();
    assertThat(c.supports("snappy")).isFalse();
    assertThat(c.get("identity")).isNull();
  }

  @Test
  void accepts_parsesCommaSeparatedList() {
    assertThat(MessageCodecs.accepts("identity, gzip", "gzip")).isTrue();
    assertThat(MessageCodecs.accepts("identity", "gzip")).isFalse();
    assertThat(MessageCodecs.accepts(null, "gzip")).isFalse();
  }
}
