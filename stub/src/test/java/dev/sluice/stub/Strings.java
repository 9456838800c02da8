package dev.sluice.stub;

import dev.sluice.Marshaller;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** String messages and the test service's method descriptors. */
final class Strings {

  private Strings() {}

  /** UTF-8 strings; immutable, so the in-process transport passes them by reference. */
  static final Marshaller<String> UTF8 = new Marshaller<>() {
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
  };

  static final String SERVICE = "sluice.test.Strings";

  static MethodDescriptor<String, String> method(String name, MethodType type) {
    return MethodDescriptor.create(SERVICE + "/" + name, type, UTF8, UTF8);
  }
}
