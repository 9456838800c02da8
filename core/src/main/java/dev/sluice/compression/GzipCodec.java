package dev.sluice.compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The {@code gzip} encoding (RFC 1952), from the JDK. */
public final class GzipCodec implements MessageCodec {

  /** The one instance; the codec keeps no state. */
  public static final GzipCodec INSTANCE = new GzipCodec();

  private GzipCodec() {}

  @Override
  public String name() {
    return "gzip";
  }

  @Override
  public OutputStream compress(OutputStream out) throws IOException {
    return new GZIPOutputStream(out, 8192);
  }

  @Override
  public InputStream decompress(InputStream in) throws IOException {
    return new GZIPInputStream(in, 8192);
  }
}
