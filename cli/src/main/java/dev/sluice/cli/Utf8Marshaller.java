package dev.sluice.cli;

import dev.sluice.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Strings as UTF-8 bytes: enough for the demo's messages. */
final class Utf8Marshaller implements Marshaller<String> {

  static final Utf8Marshaller INSTANCE = new Utf8Marshaller();

  @Override
  public void serialize(String value, OutputStream out) throws IOException {
    out.write(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String parse(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public boolean isImmutable() {
    return true;
  }
}
