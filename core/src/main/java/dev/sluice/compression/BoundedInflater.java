package dev.sluice.compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Inflates a compressed message while counting, and stops as soon as the output passes the
 * limit, so a small "zip bomb" cannot make us allocate gigabytes.
 */
final class BoundedInflater {

  /** The inflated message would pass the limit. */
  static final class TooLargeException extends IOException {
    TooLargeException(String message) {
      super(message);
    }
  }

  private BoundedInflater() {}

  static byte[] inflate(MessageCodec codec, InputStream compressed, int limit) throws IOException {
    try (InputStream in = codec.decompress(compressed)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > limit) {
          throw new TooLargeException("Inflated message is over the limit of " + limit
              + " bytes (raise it with maxInboundMessageSize)");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }
}
