package dev.sluice.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Marshaller;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How a received message reaches its marshaller: scratch copy, buffers, or a stream. */
class MessageParseTest {

  /** A body over an array that can copy itself and counts its releases. */
  private static final class ArrayBody implements Message.Body {
    final byte[] bytes;
    final AtomicInteger releases = new AtomicInteger();

    ArrayBody(String text) {
      this.bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int length() {
      return bytes.length;
    }

    @Override
    public InputStream openStream() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public void release() {
      releases.incrementAndGet();
    }

    @Override
    public boolean copyTo(byte[] dst) {
      System.arraycopy(bytes, 0, dst, 0, bytes.length);
      return true;
    }
  }

  /** Text; when it reads "outer", parses {@link #inner} from inside its own parse. */
  private static final class NestingText implements Marshaller<String> {
    Message inner;

    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public String parse(ByteBuffer[] buffers) throws IOException {
      StringBuilder text = new StringBuilder();
      for (ByteBuffer b : buffers) {
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        text.append(new String(copy, StandardCharsets.UTF_8));
      }
      if (text.toString().equals("outer") && inner != null) {
        Message m = inner;
        inner = null;
        return "outer+" + m.parse(this);
      }
      return text.toString();
    }
  }

  @Test
  void smallBody_isParsedAndReleasedOnce() throws IOException {
    ArrayBody body = new ArrayBody("hello");
    assertThat(Message.ofBody(body).parse(new NestingText())).isEqualTo("hello");
    assertThat(body.releases.get()).isEqualTo(1);
  }

  @Test
  void parseInsideAParse_bothSeeTheirOwnBytes() throws IOException {
    NestingText marshaller = new NestingText();
    marshaller.inner = Message.ofBody(new ArrayBody("inner"));
    assertThat(Message.ofBody(new ArrayBody("outer")).parse(marshaller))
        .isEqualTo("outer+inner");
  }

  @Test
  void bodyLargerThanTheScratch_stillParses() throws IOException {
    String big = "z".repeat(5000);
    ArrayBody body = new ArrayBody(big);
    assertThat(Message.ofBody(body).parse(new NestingText())).isEqualTo(big);
    assertThat(body.releases.get()).isEqualTo(1);
  }

  @Test
  void emptyBody_parsesToEmpty() throws IOException {
    assertThat(Message.ofBody(new ArrayBody("")).parse(new NestingText())).isEmpty();
  }
}
