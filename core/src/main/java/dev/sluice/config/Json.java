package dev.sluice.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, small JSON reader (RFC 8259) for service configs: objects become {@code
 * Map<String, Object>} (in document order), arrays {@code List<Object>}, strings {@code String},
 * numbers {@link BigDecimal}, {@code true}/{@code false} {@code Boolean}, and {@code null} the
 * {@link #NULL} marker. Nothing is lenient: no comments, no trailing commas, no single quotes, no
 * leading zeros, no text after the value, no duplicate keys in one object, nesting at most
 * {@value #MAX_DEPTH} deep. Errors are {@link ServiceConfigException}s naming the JSON path
 * and the offset in the text.
 */
public final class Json {

  /** JSON {@code null}: collections of the result never hold Java null. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** Deepest nesting of arrays and objects accepted. */
  public static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Reads {@code text} as one JSON value.
   *
   * @param text JSON text
   * @return a {@code Map}, {@code List}, {@code String}, {@code Double}, {@code Boolean} or null
   * @throws ServiceConfigException for anything that is not exactly one JSON value
   */
  public static Object parse(String text) {
    Json j = new Json(java.util.Objects.requireNonNull(text, "text"));
    j.skipSpace();
    Object v = j.value("$", 0);
    j.skipSpace();
    if (j.pos != text.length()) {
      throw j.error("$", "text after the JSON value");
    }
    return v;
  }

  private Object value(String path, int depth) {
    if (pos >= text.length()) {
      throw error(path, "a value is missing (the text ended)");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(path, depth + 1);
      case '[':
        return array(path, depth + 1);
      case '"':
        return string(path);
      case 't':
        return literal("true", Boolean.TRUE, path);
      case 'f':
        return literal("false", Boolean.FALSE, path);
      case 'n':
        return literal("null", NULL, path);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number(path);
        }
        throw error(path, "unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object(String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw error(path, "nested more than " + MAX_DEPTH + " deep");
    }
    pos++; // {
    Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return Collections.unmodifiableMap(map);
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error(path, "expected a member name in double quotes");
      }
      String key = string(path);
      String memberPath = path + "." + key;
      skipSpace();
      expect(':', memberPath);
      skipSpace();
      Object v = value(memberPath, depth);
      if (map.put(key, v) != null) {
        throw error(memberPath, "duplicate member name '" + key + "'");
      }
      skipSpace();
      char c = peek();
      pos++;
      if (c == '}') {
        return Collections.unmodifiableMap(map);
      }
      if (c != ',') {
        pos--;
        throw error(path, "expected ',' or '}' in an object");
      }
    }
  }

  private List<Object> array(String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw error(path, "nested more than " + MAX_DEPTH + " deep");
    }
    pos++; // [
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return Collections.unmodifiableList(list);
    }
    while (true) {
      skipSpace();
      list.add(value(path + "[" + list.size() + "]", depth));
      skipSpace();
      char c = peek();
      pos++;
      if (c == ']') {
        return Collections.unmodifiableList(list);
      }
      if (c != ',') {
        pos--;
        throw error(path, "expected ',' or ']' in an array");
      }
    }
  }

  private String string(String path) {
    pos++; // opening quote
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      if (pos >= text.length()) {
        throw error(path, "unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String s = sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
        pos++;
        return s;
      }
      if (c < 0x20) {
        throw error(path, "control character U+" + String.format("%04X", (int) c)
            + " in a string (escape it)");
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(text, start, pos);
        pos++;
        sb.append(escape(path));
        start = pos;
      } else {
        pos++;
      }
    }
  }

  private char escape(String path) {
    if (pos >= text.length()) {
      throw error(path, "unterminated string");
    }
    char e = text.charAt(pos++);
    switch (e) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        if (pos + 4 > text.length()) {
          throw error(path, "incomplete \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
          int d = Character.digit(text.charAt(pos++), 16);
          if (d < 0) {
            pos--;
            throw error(path, "bad hex digit in a \\u escape");
          }
          v = v * 16 + d;
        }
        return (char) v;
      default:
        pos--;
        throw error(path, "unknown escape '\\" + e + "'");
    }
  }

  private BigDecimal number(String path) {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
      if (isDigit(peek())) {
        throw error(path, "a number with a leading zero");
      }
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error(path, "a '-' without digits");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw error(path, "no digits after the decimal point");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error(path, "no digits in the exponent");
      }
      digits();
    }
    try {
      return new BigDecimal(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw error(path, "a number out of range");
    }
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object v, String path) {
    if (!text.startsWith(word, pos)) {
      throw error(path, "unexpected character '" + text.charAt(pos) + "'");
    }
    pos += word.length();
    return v;
  }

  private void expect(char c, String path) {
    if (peek() != c) {
      throw error(path, "expected '" + c + "'");
    }
    pos++;
  }

  /** The next character, or 0 at the end. */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private ServiceConfigException error(String path, String what) {
    return new ServiceConfigException(path, "malformed JSON at offset " + pos + ": " + what);
  }
}
