package dev.sluice.h2.frame;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * One readable line per frame, for logs and for tests to assert, e.g.
 * {@code << HEADERS stream=3 flags=END_HEADERS|END_STREAM length=42}.
 *
 * <p>Only the frame header is shown, never payload bytes, so header values and message data
 * cannot leak into logs.
 */
public final class FrameLog {

  /** Which way a frame travelled. */
  public enum Direction {
    /** Read from the peer, shown as {@code <<}. */
    INBOUND("<<"),
    /** Written to the peer, shown as {@code >>}. */
    OUTBOUND(">>");

    private final String arrow;

    Direction(String arrow) {
      this.arrow = arrow;
    }
  }

  private FrameLog() {}

  /** The log line for one frame header; no flags render as {@code flags=-}. */
  public static String format(Direction direction, FrameHeader header) {
    return direction.arrow
        + " "
        + FrameType.name(header.type())
        + " stream="
        + header.streamId()
        + " flags="
        + FrameFlags.describe(header.type(), header.flags())
        + " length="
        + header.length();
  }

  /** The log line for the client connection preface (RFC 9113 §3.4). */
  public static String preface(Direction direction) {
    return direction.arrow + " PREFACE";
  }

  /**
   * Log lines for a buffer of whole frames, such as a {@link FrameWriter}'s output, without moving
   * its indices. A preface at the start is skipped; a truncated last frame is reported as such.
   */
  public static List<String> formatAll(Direction direction, ByteBuf frames) {
    List<String> lines = new ArrayList<>();
    int index = frames.readerIndex();
    int end = frames.writerIndex();
    if (startsWithPreface(frames, index, end)) {
      lines.add(preface(direction));
      index += ConnectionPreface.LENGTH;
    }
    while (end - index >= FrameHeader.LENGTH) {
      FrameHeader header = FrameHeader.peek(frames, index);
      lines.add(format(direction, header));
      index += FrameHeader.LENGTH + header.length();
    }
    if (index != end) {
      lines.add(direction.arrow + " TRUNCATED");
    }
    return lines;
  }

  private static boolean startsWithPreface(ByteBuf frames, int index, int end) {
    if (end - index < ConnectionPreface.LENGTH) {
      return false;
    }
    for (int i = 0; i < ConnectionPreface.LENGTH; i++) {
      if (frames.getByte(index + i) != ConnectionPreface.byteAt(i)) {
        return false;
      }
    }
    return true;
  }
}
