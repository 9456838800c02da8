package dev.sluice.grpcjava;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** grpc-java method descriptors with UTF-8 string messages, for tests without protobuf. */
final class Utf8Methods {

  static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private Utf8Methods() {}

  static MethodDescriptor<String, String> unary(String fullName) {
    return MethodDescriptor.<String, String>newBuilder().setFullMethodName(fullName)
        .setType(MethodDescriptor.MethodType.UNARY)
        .setRequestMarshaller(UTF8).setResponseMarshaller(UTF8).build();
  }
}
