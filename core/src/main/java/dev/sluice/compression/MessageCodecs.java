package dev.sluice.compression;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The encodings a channel or server supports; {@code identity} is always among them. */
public final class MessageCodecs {

  /** The name of "not compressed". */
  public static final String IDENTITY = "identity";

  private final Map<String, MessageCodec> codecs;
  private final String acceptEncoding;

  private MessageCodecs(Map<String, MessageCodec> codecs) {
    this.codecs = Map.copyOf(codecs);
    StringBuilder sb = new StringBuilder();
    for (String name : codecs.keySet()) {
      sb.append(name).append(',');
    }
    this.acceptEncoding = sb.append(IDENTITY).toString();
  }

  /**
   * gzip (and identity).
   *
   * @return the default set
   */
  public static MessageCodecs defaults() {
    return of(GzipCodec.INSTANCE);
  }

  /**
   * Exactly these codecs (and identity).
   *
   * @param codecs the encodings to support besides identity
   * @return gzip and identity
   */
  public static MessageCodecs of(MessageCodec... codecs) {
    Map<String, MessageCodec> map = new LinkedHashMap<>();
    for (MessageCodec c : codecs) {
      Objects.requireNonNull(c, "codec");
      map.put(c.name().toLowerCase(Locale.ROOT), c);
    }
    return new MessageCodecs(map);
  }

  /**
   * {@return the codec for {@code name}, or null when unsupported (and for identity)}
   *
   * @param name the encoding's name
   */
  public MessageCodec get(String name) {
    return name == null ? null : codecs.get(name.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * True for identity and every supported codec.
   *
   * @param name the encoding's name
   * @return whether this side can read and write it
   */
  public boolean supports(String name) {
    return name == null || IDENTITY.equalsIgnoreCase(name.trim()) || get(name) != null;
  }

  /**
   * The {@code grpc-accept-encoding} value: every supported name, identity last.
   *
   * @return the header value
   */
  public String acceptEncoding() {
    return acceptEncoding;
  }

  /**
   * True when a {@code grpc-accept-encoding} value lists {@code name}.
   *
   * @param acceptEncoding the header's value, comma-separated names
   * @param name the encoding's name
   * @return whether the list has it
   */
  public static boolean accepts(String acceptEncoding, String name) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      if (part.trim().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
