package dev.sluice.grpcjava;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * What a grpc-java server does with a method no service has: answers UNIMPLEMENTED, with the
 * server's stream tracers seeing the call as they see any other (grpc-java makes a tracer for
 * every stream before it looks the method up).
 */
final class UnknownMethods {

  private UnknownMethods() {}

  /** A definition for {@code fullMethodName} whose handler closes the call UNIMPLEMENTED. */
  static ServerMethodDefinition<byte[], byte[]> unimplemented(String fullMethodName) {
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNKNOWN)
        .setFullMethodName(fullMethodName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
    ServerCallHandler<byte[], byte[]> handler = (call, headers) -> {
      call.close(Status.UNIMPLEMENTED.withDescription("Method not found: " + fullMethodName),
          new Metadata());
      return new ServerCall.Listener<>() {};
    };
    return ServerMethodDefinition.create(method, handler);
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
}
