package dev.sluice.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits a stream of JSON objects ({@code {..} {..}}, separated by whitespace or nothing) into
 * one text per object, as they arrive, so that a client stream can be sent while it is typed.
 * Only the outer braces are checked here; JsonFormat checks the rest. Not thread-safe.
 */
final class JsonObjects {

  private final Reader in;
  private int count;

  JsonObjects(Reader in) {
    this.in = in;
  }

  /** How many objects {@link #next()} has returned. */
  int count() {
    return count;
  }

  /**
   * The next object's text, or null at the end of the input.
   *
   * @throws CliFailure when the input holds something other than objects, or ends inside one
   */
  String next() throws IOException {
    int c = in.read();
    while (c != -1 && Character.isWhitespace(c)) {
      c = in.read();
    }
    if (c == -1) {
      return null;
    }
    if (c != '{') {
      throw CliFailure.local("Bad JSON in request " + (count + 1) + ": expected '{' but found '"
          + (char) c + "'");
    }
    StringBuilder text = new StringBuilder().append('{');
    int depth = 1;
    boolean inString = false;
    boolean escaped = false;
    while (depth > 0) {
      c = in.read();
      if (c == -1) {
        throw CliFailure.local("Bad JSON in request " + (count + 1)
            + ": the input ends inside the object");
      }
      text.append((char) c);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    count++;
    return text.toString();
  }
}
