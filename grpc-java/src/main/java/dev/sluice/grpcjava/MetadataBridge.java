package dev.sluice.grpcjava;

import dev.sluice.Metadata;

/**
 * Converts between grpc-java's {@link io.grpc.Metadata} and Sluice's {@link Metadata}. Keys
 * ending in {@code -bin} carry bytes on both sides, every other key an ASCII string; order and
 * repeated keys are kept.
 */
final class MetadataBridge {

  /** grpc-java carries status details in the trailers; Sluice in the status itself. */
  static final String STATUS_DETAILS_KEY = "grpc-status-details-bin";

  private MetadataBridge() {}

  /** Sluice metadata holding what {@code grpc} holds. */
  static Metadata toSluice(io.grpc.Metadata grpc) {
    Metadata out = new Metadata();
    if (grpc == null) {
      return out;
    }
    for (String key : grpc.keys()) {
      if (key.endsWith(io.grpc.Metadata.BINARY_HEADER_SUFFIX)) {
        Iterable<byte[]> values = grpc.getAll(binaryKey(key));
        if (values != null) {
          for (byte[] v : values) {
            out.addBinary(key, v);
          }
        }
      } else {
        Iterable<String> values = grpc.getAll(asciiKey(key));
        if (values != null) {
          for (String v : values) {
            out.add(key, v);
          }
        }
      }
    }
    return out;
  }

  /** grpc-java metadata holding what {@code sluice} holds. */
  static io.grpc.Metadata toGrpc(Metadata sluice) {
    io.grpc.Metadata out = new io.grpc.Metadata();
    if (sluice != null) {
      sluice.forEach((key, value) -> {
        if (value instanceof byte[] bytes) {
          out.put(binaryKey(key), bytes);
        } else {
          out.put(asciiKey(key), (String) value);
        }
      });
    }
    return out;
  }

  static io.grpc.Metadata.Key<String> asciiKey(String key) {
    return io.grpc.Metadata.Key.of(key, io.grpc.Metadata.ASCII_STRING_MARSHALLER);
  }

  static io.grpc.Metadata.Key<byte[]> binaryKey(String key) {
    return io.grpc.Metadata.Key.of(key, io.grpc.Metadata.BINARY_BYTE_MARSHALLER);
  }
}
