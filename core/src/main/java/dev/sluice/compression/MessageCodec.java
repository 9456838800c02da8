package dev.sluice.compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** One message encoding of gRPC ({@code grpc-encoding}). Implementations are thread-safe. */
public interface MessageCodec {

  /**
   * The name on the wire, such as {@code gzip}.
   *
   * @return the name, as in {@code grpc-encoding}
   */
  String name();

  /**
   * Wraps {@code out} so that what is written to the result arrives compressed.
   *
   * @param out where the compressed bytes go; closing the result closes it
   * @return a stream that compresses what is written to it
   * @throws IOException if the compressor cannot start
   */
  OutputStream compress(OutputStream out) throws IOException;

  /**
   * Wraps {@code in}, a compressed message, so that reading the result inflates it.
   *
   * @param in the compressed bytes
   * @return a stream of the inflated bytes
   * @throws IOException if the input does not start as this encoding's format
   */
  InputStream decompress(InputStream in) throws IOException;
}
