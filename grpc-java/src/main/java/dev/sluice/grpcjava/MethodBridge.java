package dev.sluice.grpcjava;

import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * grpc-java method descriptors as Sluice ones: the same full name and call type, the marshallers
 * bridged, and the schema descriptor generated stubs attach (Sluice's client metrics keep the
 * names of such methods, as grpc-java's keep those of generated ones). Made once per descriptor
 * object: generated stubs keep theirs in static fields, so the cache stays as small as the set of
 * methods in use.
 */
final class MethodBridge {

  private static final int MAX_CACHED = 4096;
  private static final Map<MethodDescriptor<?, ?>, dev.sluice.MethodDescriptor<?, ?>> CACHE =
      new ConcurrentHashMap<>();

  private MethodBridge() {}

  @SuppressWarnings("unchecked")
  static <ReqT, RespT> dev.sluice.MethodDescriptor<ReqT, RespT> toSluice(
      MethodDescriptor<ReqT, RespT> method) {
    dev.sluice.MethodDescriptor<?, ?> cached = CACHE.get(method);
    if (cached != null) {
      return (dev.sluice.MethodDescriptor<ReqT, RespT>) cached;
    }
    dev.sluice.MethodDescriptor<ReqT, RespT> made = uncached(method);
    if (CACHE.size() < MAX_CACHED) {
      // Descriptors made per call (MethodDescriptor.toBuilder in a loop) are not kept forever.
      CACHE.putIfAbsent(method, made);
    }
    return made;
  }

  /** A new Sluice descriptor for {@code method}, not kept: for one-off descriptors. */
  static <ReqT, RespT> dev.sluice.MethodDescriptor<ReqT, RespT> uncached(
      MethodDescriptor<ReqT, RespT> method) {
    dev.sluice.MethodDescriptor<ReqT, RespT> m = dev.sluice.MethodDescriptor.create(
        method.getFullMethodName(), type(method.getType()),
        new MarshallerBridge<>(method.getRequestMarshaller()),
        new MarshallerBridge<>(method.getResponseMarshaller()));
    Object schema = method.getSchemaDescriptor();
    return schema == null ? m : m.withSchemaDescriptor(schema);
  }

  static dev.sluice.MethodDescriptor.MethodType type(MethodDescriptor.MethodType type) {
    return switch (type) {
      case UNARY -> dev.sluice.MethodDescriptor.MethodType.UNARY;
      case CLIENT_STREAMING -> dev.sluice.MethodDescriptor.MethodType.CLIENT_STREAMING;
      case SERVER_STREAMING -> dev.sluice.MethodDescriptor.MethodType.SERVER_STREAMING;
      // UNKNOWN: grpc-java lets messages flow freely both ways, as in a bidi call.
      case BIDI_STREAMING, UNKNOWN -> dev.sluice.MethodDescriptor.MethodType.BIDI_STREAMING;
    };
  }
}
