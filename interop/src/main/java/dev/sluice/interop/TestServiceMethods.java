package dev.sluice.interop;

import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.protobuf.ProtoMarshaller;
import dev.sluice.protobuf.ProtoMethodSchema;
import io.grpc.testing.integration.Test;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;

/** The methods of {@code grpc.testing.TestService} and {@code grpc.testing.UnimplementedService}. */
final class TestServiceMethods {

  static final String SERVICE = "grpc.testing.TestService";

  /** What server reflection reads to describe a TestService method. */
  private static ProtoMethodSchema schema(String method) {
    return ProtoMethodSchema.of(Test::getDescriptor, "TestService", method);
  }

  static final MethodDescriptor<Empty, Empty> EMPTY_CALL = MethodDescriptor.create(
      SERVICE + "/EmptyCall", MethodType.UNARY, ProtoMarshaller.of(Empty.getDefaultInstance()),
      ProtoMarshaller.of(Empty.getDefaultInstance()))
          .withSchemaDescriptor(schema("EmptyCall"));

  static final MethodDescriptor<SimpleRequest, SimpleResponse> UNARY_CALL =
      MethodDescriptor.create(SERVICE + "/UnaryCall", MethodType.UNARY,
          ProtoMarshaller.of(SimpleRequest.getDefaultInstance()),
          ProtoMarshaller.of(SimpleResponse.getDefaultInstance()))
          .withSchemaDescriptor(schema("UnaryCall"));

  static final MethodDescriptor<StreamingOutputCallRequest, StreamingOutputCallResponse>
      STREAMING_OUTPUT_CALL = MethodDescriptor.create(SERVICE + "/StreamingOutputCall",
          MethodType.SERVER_STREAMING,
          ProtoMarshaller.of(StreamingOutputCallRequest.getDefaultInstance()),
          ProtoMarshaller.of(StreamingOutputCallResponse.getDefaultInstance()))
          .withSchemaDescriptor(schema("StreamingOutputCall"));

  static final MethodDescriptor<StreamingInputCallRequest, StreamingInputCallResponse>
      STREAMING_INPUT_CALL = MethodDescriptor.create(SERVICE + "/StreamingInputCall",
          MethodType.CLIENT_STREAMING,
          ProtoMarshaller.of(StreamingInputCallRequest.getDefaultInstance()),
          ProtoMarshaller.of(StreamingInputCallResponse.getDefaultInstance()))
          .withSchemaDescriptor(schema("StreamingInputCall"));

  static final MethodDescriptor<StreamingOutputCallRequest, StreamingOutputCallResponse>
      FULL_DUPLEX_CALL = MethodDescriptor.create(SERVICE + "/FullDuplexCall",
          MethodType.BIDI_STREAMING,
          ProtoMarshaller.of(StreamingOutputCallRequest.getDefaultInstance()),
          ProtoMarshaller.of(StreamingOutputCallResponse.getDefaultInstance()))
          .withSchemaDescriptor(schema("FullDuplexCall"));

  static final MethodDescriptor<StreamingOutputCallRequest, StreamingOutputCallResponse>
      HALF_DUPLEX_CALL = MethodDescriptor.create(SERVICE + "/HalfDuplexCall",
          MethodType.BIDI_STREAMING,
          ProtoMarshaller.of(StreamingOutputCallRequest.getDefaultInstance()),
          ProtoMarshaller.of(StreamingOutputCallResponse.getDefaultInstance()))
          .withSchemaDescriptor(schema("HalfDuplexCall"));

  /** Defined by the service but never implemented by servers: for unimplemented_method. */
  static final MethodDescriptor<Empty, Empty> UNIMPLEMENTED_CALL = MethodDescriptor.create(
      SERVICE + "/UnimplementedCall", MethodType.UNARY,
      ProtoMarshaller.of(Empty.getDefaultInstance()),
      ProtoMarshaller.of(Empty.getDefaultInstance()))
          .withSchemaDescriptor(schema("UnimplementedCall"));

  /** A service no interop server implements: for unimplemented_service. */
  static final MethodDescriptor<Empty, Empty> UNIMPLEMENTED_SERVICE_CALL =
      MethodDescriptor.create("grpc.testing.UnimplementedService/UnimplementedCall",
          MethodType.UNARY, ProtoMarshaller.of(Empty.getDefaultInstance()),
          ProtoMarshaller.of(Empty.getDefaultInstance()));

  private TestServiceMethods() {}
}
