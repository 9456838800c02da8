package dev.sluice.compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** One message encoding of gRPC ({@code grpc-encoding}). Implementations are thread-safe. */
public interface MessageCodec {

  /** The name on the wire, such as {@code gzip}. */
  String name();

  /** Wraps {@code out} so that what is written to the result arrives compressed. */
  OutputStream compress(OutputStream out) throws IOException;

  /** Wraps {@code in}, a compressed message, so that reading the result inflates it. */
  InputStream decompress(InputStream in) throws IOException;
}
