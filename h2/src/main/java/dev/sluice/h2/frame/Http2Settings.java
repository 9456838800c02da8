package dev.sluice.h2.frame;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * The parameters carried by one SETTINGS frame (RFC 9113 §6.5.2).
 *
 * <p>Only the settings present in the frame are set; an absent setting keeps whatever value the
 * connection already had, so there are no defaults here. The six settings of RFC 9113 are kept;
 * settings with other ids are ignored on receipt, as RFC 9113 §6.5.2 requires. Values are
 * unsigned 32-bit integers held in a {@code long}.
 *
 * <p>Mutable and not thread-safe: build one, hand it to the writer or receive one from the reader.
 */
public final class Http2Settings {
  /** SETTINGS_HEADER_TABLE_SIZE. */
  public static final int HEADER_TABLE_SIZE = 0x1;
  /** SETTINGS_ENABLE_PUSH. */
  public static final int ENABLE_PUSH = 0x2;
  /** SETTINGS_MAX_CONCURRENT_STREAMS. */
  public static final int MAX_CONCURRENT_STREAMS = 0x3;
  /** SETTINGS_INITIAL_WINDOW_SIZE. */
  public static final int INITIAL_WINDOW_SIZE = 0x4;
  /** SETTINGS_MAX_FRAME_SIZE. */
  public static final int MAX_FRAME_SIZE = 0x5;
  /** SETTINGS_MAX_HEADER_LIST_SIZE. */
  public static final int MAX_HEADER_LIST_SIZE = 0x6;

  /** Initial and smallest allowed SETTINGS_MAX_FRAME_SIZE (RFC 9113 §4.2). */
  public static final int MIN_MAX_FRAME_SIZE = 16_384;
  /** Largest allowed SETTINGS_MAX_FRAME_SIZE, 2^24-1 (RFC 9113 §6.5.2). */
  public static final int MAX_MAX_FRAME_SIZE = 16_777_215;
  /** Largest allowed flow-control window, 2^31-1 (RFC 9113 §6.9.1). */
  public static final long MAX_WINDOW_SIZE = 0x7fff_ffffL;

  private static final long MAX_UINT32 = 0xffff_ffffL;
  private static final String[] NAMES = {
    null, "HEADER_TABLE_SIZE", "ENABLE_PUSH", "MAX_CONCURRENT_STREAMS",
    "INITIAL_WINDOW_SIZE", "MAX_FRAME_SIZE", "MAX_HEADER_LIST_SIZE"
  };

  /** Indexed by setting id; -1 means absent. */
  private final long[] values = new long[NAMES.length];

  /** An empty set of settings. */
  public Http2Settings() {
    Arrays.fill(values, -1);
  }

  /** True for the six ids RFC 9113 defines. */
  public static boolean isKnown(int id) {
    return id > 0 && id < NAMES.length;
  }

  /**
   * Checks a received value against RFC 9113 §6.5.2.
   *
   * @throws Http2Exception a connection error with the code the RFC names for that setting
   */
  public static void validate(int id, long value) throws Http2Exception {
    if (value < 0 || value > MAX_UINT32) {
      throw new IllegalArgumentException("not an unsigned 32-bit value: " + value);
    }
    switch (id) {
      case ENABLE_PUSH -> {
        if (value > 1) {
          // RFC 9113 §6.5.2: any value other than 0 or 1 is a PROTOCOL_ERROR.
          throw Http2Exception.connectionError(
              Http2ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH must be 0 or 1, was %d", value);
        }
      }
      case INITIAL_WINDOW_SIZE -> {
        if (value > MAX_WINDOW_SIZE) {
          // RFC 9113 §6.5.2: above 2^31-1 is a FLOW_CONTROL_ERROR.
          throw Http2Exception.connectionError(
              Http2ErrorCode.FLOW_CONTROL_ERROR,
              "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1: %d", value);
        }
      }
      case MAX_FRAME_SIZE -> {
        if (value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) {
          // RFC 9113 §6.5.2: outside [2^14, 2^24-1] is a PROTOCOL_ERROR.
          throw Http2Exception.connectionError(
              Http2ErrorCode.PROTOCOL_ERROR,
              "SETTINGS_MAX_FRAME_SIZE outside [16384, 16777215]: %d", value);
        }
      }
      default -> {
        // The other settings accept any unsigned 32-bit value.
      }
    }
  }

  /**
   * Sets a known setting.
   *
   * @throws IllegalArgumentException for an unknown id or a value RFC 9113 §6.5.2 forbids; this is
   *     local misuse, never a peer error
   */
  public Http2Settings put(int id, long value) {
    if (!isKnown(id)) {
      throw new IllegalArgumentException("unknown setting id " + id);
    }
    try {
      validate(id, value);
    } catch (Http2Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    values[id] = value;
    return this;
  }

  /** True if the setting was present. */
  public boolean has(int id) {
    return isKnown(id) && values[id] >= 0;
  }

  /**
   * The value of a present setting.
   *
   * @throws IllegalStateException if the setting is absent; check {@link #has(int)} first
   */
  public long get(int id) {
    if (!has(id)) {
      throw new IllegalStateException("setting " + id + " is absent");
    }
    return values[id];
  }

  /** Number of settings present. */
  public int size() {
    int n = 0;
    for (int id = 1; id < values.length; id++) {
      n += values[id] >= 0 ? 1 : 0;
    }
    return n;
  }

  /** Receives one present setting, in ascending id order. */
  @FunctionalInterface
  public interface Visitor {
    /** Called once per present setting. */
    void visit(int id, long value);
  }

  /** Visits the present settings in ascending id order. */
  public void forEach(Visitor visitor) {
    for (int id = 1; id < values.length; id++) {
      if (values[id] >= 0) {
        visitor.visit(id, values[id]);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Http2Settings other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ", "{", "}");
    forEach((id, value) -> out.add(NAMES[id] + "=" + value));
    return out.toString();
  }
}
