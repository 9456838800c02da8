package dev.sluice.h2.frame;

/**
 * Frame type octets of RFC 9113 §6. Plain {@code int} constants rather than an enum because the
 * type field is open-ended: unknown types are legal and must be ignored (RFC 9113 §5.5).
 */
public final class FrameType {
  /** RFC 9113 §6.1. */
  public static final int DATA = 0x0;
  /** RFC 9113 §6.2. */
  public static final int HEADERS = 0x1;
  /** RFC 9113 §6.3. */
  public static final int PRIORITY = 0x2;
  /** RFC 9113 §6.4. */
  public static final int RST_STREAM = 0x3;
  /** RFC 9113 §6.5. */
  public static final int SETTINGS = 0x4;
  /** RFC 9113 §6.6. */
  public static final int PUSH_PROMISE = 0x5;
  /** RFC 9113 §6.7. */
  public static final int PING = 0x6;
  /** RFC 9113 §6.8. */
  public static final int GOAWAY = 0x7;
  /** RFC 9113 §6.9. */
  public static final int WINDOW_UPDATE = 0x8;
  /** RFC 9113 §6.10. */
  public static final int CONTINUATION = 0x9;

  private static final String[] NAMES = {
    "DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS",
    "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION"
  };

  private FrameType() {}

  /** True for the ten types RFC 9113 defines. */
  public static boolean isKnown(int type) {
    return type >= 0 && type < NAMES.length;
  }

  /** The RFC name, or {@code UNKNOWN(0xNN)} for extension types. */
  public static String name(int type) {
    return isKnown(type) ? NAMES[type] : String.format("UNKNOWN(0x%02x)", type);
  }
}
