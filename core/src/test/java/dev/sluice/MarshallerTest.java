package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MarshallerTest {

  /** A marshaller with only the stream methods: parse(ByteBuffer[]) is the interface's default. */
  private static final Marshaller<String> TEXT = new Marshaller<>() {
    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };

  @Test
  void parseBuffers_default_joinsThePiecesInOrder() throws IOException {
    ByteBuffer a = ByteBuffer.allocateDirect(3).put("abc".getBytes(StandardCharsets.UTF_8)).flip();
    ByteBuffer b = ByteBuffer.wrap("xxdefyy".getBytes(StandardCharsets.UTF_8), 2, 3);
    assertThat(TEXT.parse(new ByteBuffer[] {a, b})).isEqualTo("abcdef");
    assertThat(a.position()).as("the buffers are not consumed").isZero();
  }

  @Test
  void parseBuffers_default_oneHeapBufferIsReadInPlaceFromItsPosition() throws IOException {
    ByteBuffer whole = ByteBuffer.wrap("--hello--".getBytes(StandardCharsets.UTF_8));
    whole.position(2).limit(7);
    assertThat(TEXT.parse(new ByteBuffer[] {whole.slice()})).isEqualTo("hello");
    assertThat(TEXT.parse(new ByteBuffer[] {whole})).isEqualTo("hello");
  }

  @Test
  void parseBuffers_default_noBuffers_isAnEmptyMessage() throws IOException {
    assertThat(TEXT.parse(new ByteBuffer[0])).isEmpty();
  }
}
