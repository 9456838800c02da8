package dev.sluice.channel;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A channel target split the way RFC 3986 splits a URI: {@code scheme:[//authority]path}. The
 * scheme picks the {@link NameResolverProvider}; what the authority and path mean is that
 * provider's business. Nothing is percent-decoded.
 *
 * <table>
 *   <caption>Examples</caption>
 *   <tr><th>text</th><th>scheme</th><th>authority</th><th>path</th></tr>
 *   <tr><td>{@code dns:///example.com:443}</td><td>dns</td><td>""</td><td>/example.com:443</td></tr>
 *   <tr><td>{@code dns://8.8.8.8/example.com}</td><td>dns</td><td>8.8.8.8</td><td>/example.com</td></tr>
 *   <tr><td>{@code unix:/tmp/s.sock}</td><td>unix</td><td>null</td><td>/tmp/s.sock</td></tr>
 *   <tr><td>{@code ipv4:10.0.0.1:80,10.0.0.2:80}</td><td>ipv4</td><td>null</td>
 *       <td>10.0.0.1:80,10.0.0.2:80</td></tr>
 * </table>
 *
 * @param text the target as the application wrote it (after any default scheme was added)
 * @param scheme the scheme, lower case
 * @param authority what follows {@code //} up to the next {@code /}; null when there is no
 *     {@code //}, empty for {@code ///}
 * @param path everything after the authority (or after the colon when there is none)
 */
public record TargetUri(String text, String scheme, String authority, String path) {

  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*");

  /**
   * Checks that the text, scheme and path are there.
   *
   * @param text the target as the application wrote it (after any default scheme was added)
   * @param scheme the scheme, lower case
   * @param authority what follows {@code //} up to the next {@code /}; null when there is no {@code
   *     //}, empty for {@code ///}
   * @param path everything after the authority (or after the colon when there is none)
   */
  public TargetUri {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(path, "path");
  }

  /**
   * Splits {@code text}, which must start with a scheme and a colon.
   *
   * @param text the target, such as {@code dns:///example.com:443}
   * @return the target's scheme, authority and path
   * @throws IllegalArgumentException when it does not
   */
  public static TargetUri parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || !SCHEME.matcher(text.substring(0, colon)).matches()) {
      throw new IllegalArgumentException("'" + text + "' does not start with a URI scheme");
    }
    String scheme = text.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    String rest = text.substring(colon + 1);
    if (!rest.startsWith("//")) {
      return new TargetUri(text, scheme, null, rest);
    }
    int slash = rest.indexOf('/', 2);
    if (slash < 0) {
      return new TargetUri(text, scheme, rest.substring(2), "");
    }
    return new TargetUri(text, scheme, rest.substring(2, slash), rest.substring(slash));
  }

  /** The scheme of {@code text} when it starts with one ({@code scheme:}), else null. */
  static String schemeOf(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || !SCHEME.matcher(text.substring(0, colon)).matches()) {
      return null;
    }
    return text.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return text;
  }
}
