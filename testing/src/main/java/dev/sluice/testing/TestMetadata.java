package dev.sluice.testing;

import dev.sluice.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Metadata fixtures with real ASCII and {@code -bin} keys, and a comparison that ignores what a
 * transport adds by itself (content-type, user-agent and such): only {@code kit-} keys count.
 */
public final class TestMetadata {

  /** Every key the kit sends starts with this prefix. */
  public static final String PREFIX = "kit-";

  private TestMetadata() {}

  /**
   * One ASCII entry naming the sender, so each direction is told apart.
   *
   * @param from who sends it, such as {@code "client"}
   * @return a new metadata with one entry
   */
  public static Metadata simple(String from) {
    return new Metadata().add(PREFIX + "from", from);
  }

  /**
   * ASCII and binary values, empty values, a key repeated three times (values in a known order)
   * and a binary value holding every byte 0..255.
   *
   * @param from who sends it, such as {@code "client"}
   * @return a new metadata with those entries
   */
  public static Metadata rich(String from) {
    byte[] allBytes = new byte[256];
    for (int i = 0; i < allBytes.length; i++) {
      allBytes[i] = (byte) i;
    }
    return new Metadata()
        .add(PREFIX + "from", from)
        .add(PREFIX + "ascii", "Hello, World! ~ 0123456789 {}[]")
        .add(PREFIX + "empty", "")
        .add(PREFIX + "repeated", "first")
        .addBinary(PREFIX + "data-bin", allBytes)
        .add(PREFIX + "repeated", "second")
        .addBinary(PREFIX + "empty-bin", new byte[0])
        .add(PREFIX + "repeated", "third")
        .addBinary(PREFIX + "repeated-bin", "one".getBytes(StandardCharsets.US_ASCII))
        .addBinary(PREFIX + "repeated-bin", new byte[] {0, (byte) 0xff, 0x7f});
  }

  /**
   * {@code count} distinct entries.
   *
   * @param count how many entries
   * @return a new metadata with {@code count} entries
   */
  public static Metadata many(int count) {
    Metadata m = new Metadata();
    for (int i = 0; i < count; i++) {
      m.add(String.format(Locale.ROOT, "%sentry-%03d", PREFIX, i), "value-" + i);
    }
    return m;
  }

  /**
   * The {@code kit-} entries of {@code m} grouped per key, each key's values in order, binary
   * values rendered as hex: two metadata with equal views carry the same application entries.
   *
   * @param m the metadata to describe
   * @return one line per key, sorted by key
   */
  public static List<String> view(Metadata m) {
    List<String> out = new ArrayList<>();
    if (m == null) {
      return out;
    }
    List<String> keys = new ArrayList<>(m.keys());
    keys.sort(null);
    for (String key : keys) {
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      if (Metadata.isBinaryKey(key)) {
        for (byte[] b : m.getAllBinary(key)) {
          out.add(key + "=" + hex(b));
        }
      } else {
        for (String s : m.getAll(key)) {
          out.add(key + "=" + s);
        }
      }
    }
    return out;
  }

  /**
   * Per key, the values in the order they were added (only {@code kit-} keys).
   *
   * @param m the metadata to look in
   * @param key the key, one of the {@code kit-} keys
   * @return the key's values in order
   */
  public static List<String> valueOrder(Metadata m, String key) {
    List<String> out = new ArrayList<>();
    if (Metadata.isBinaryKey(key)) {
      m.getAllBinary(key).forEach(b -> out.add(hex(b)));
    } else {
      out.addAll(m.getAll(key));
    }
    return out;
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return sb.toString();
  }
}
