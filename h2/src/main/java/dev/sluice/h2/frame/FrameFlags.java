package dev.sluice.h2.frame;

import java.util.StringJoiner;

/**
 * Flag bits of RFC 9113 §6. A bit's meaning depends on the frame type (0x1 is END_STREAM on
 * DATA and ACK on PING), and bits a type does not define must be ignored (RFC 9113 §4.1), so
 * every query here takes the frame type.
 */
public final class FrameFlags {
  /** DATA, HEADERS: last frame the sender will send on this stream. */
  public static final int END_STREAM = 0x1;
  /** SETTINGS, PING: this frame acknowledges the peer's. */
  public static final int ACK = 0x1;
  /** HEADERS, PUSH_PROMISE, CONTINUATION: the field block is complete. */
  public static final int END_HEADERS = 0x4;
  /** DATA, HEADERS, PUSH_PROMISE: a Pad Length octet and padding are present. */
  public static final int PADDED = 0x8;
  /** HEADERS: exclusive flag, stream dependency and weight are present. */
  public static final int PRIORITY = 0x20;

  private FrameFlags() {}

  /** The flag bits that frame type {@code type} defines; all others are ignored on receipt. */
  public static int definedFor(int type) {
    return switch (type) {
      case FrameType.DATA -> END_STREAM | PADDED;
      case FrameType.HEADERS -> END_STREAM | END_HEADERS | PADDED | PRIORITY;
      case FrameType.SETTINGS, FrameType.PING -> ACK;
      case FrameType.PUSH_PROMISE -> END_HEADERS | PADDED;
      case FrameType.CONTINUATION -> END_HEADERS;
      default -> 0;
    };
  }

  /** True if {@code flag} is set in {@code flags} and defined for {@code type}. */
  public static boolean isSet(int type, int flags, int flag) {
    return (flags & flag & definedFor(type)) != 0;
  }

  /**
   * Renders flags with their names for this type, highest bit first, e.g. {@code
   * END_HEADERS|END_STREAM}; undefined bits appear in hex; no flags renders as {@code -}.
   */
  public static String describe(int type, int flags) {
    if (flags == 0) {
      return "-";
    }
    StringJoiner out = new StringJoiner("|");
    int defined = definedFor(type);
    for (int bit = 0x80; bit != 0; bit >>>= 1) {
      if ((flags & bit) == 0) {
        continue;
      }
      out.add((defined & bit) != 0 ? nameOf(type, bit) : String.format("0x%02x", bit));
    }
    return out.toString();
  }

  private static String nameOf(int type, int bit) {
    return switch (bit) {
      case 0x1 -> (type == FrameType.SETTINGS || type == FrameType.PING) ? "ACK" : "END_STREAM";
      case END_HEADERS -> "END_HEADERS";
      case PADDED -> "PADDED";
      case PRIORITY -> "PRIORITY";
      default -> throw new AssertionError(bit);
    };
  }
}
