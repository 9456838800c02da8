package dev.sluice.h2.frame;

import io.netty.buffer.ByteBuf;

/**
 * Writes HTTP/2 frames (RFC 9113 §4, §6), the mirror of {@link FrameReader}: one method per frame
 * type, named like the {@link FrameReader.Handler} methods, each appending whole frames to
 * {@code out}.
 *
 * <p><b>Buffers.</b> Payload arguments ({@code data}, header blocks, debug data) are copied from
 * their readable bytes; their indices are not moved and they are not released, so they stay the
 * caller's. {@code out} grows as needed.
 *
 * <p><b>Errors.</b> Asking for a frame RFC 9113 forbids us to send (a bad stream id, DATA larger
 * than the peer's max frame size, too much padding) throws {@link IllegalArgumentException}: that
 * is our bug, not the peer's, so it is never an {@link Http2Exception}.
 *
 * <p><b>Padding.</b> {@code padding} counts every octet padding adds to the payload, the Pad
 * Length octet included, so it is 0 (no PADDED flag) to 256; a frame's flow-controlled size is
 * its data plus {@code padding}, matching what the reader reports.
 *
 * <p>Not thread-safe; use it from the connection's I/O thread.
 */
public final class FrameWriter {
  private static final int MAX_PADDING = 256;

  private int maxFrameSize = Http2Settings.MIN_MAX_FRAME_SIZE;

  /** A writer that assumes the initial peer max frame size of 16384. */
  public FrameWriter() {}

  /** Sets the peer's SETTINGS_MAX_FRAME_SIZE, which bounds every frame written afterwards. */
  public void maxFrameSize(int maxFrameSize) {
    if (maxFrameSize < Http2Settings.MIN_MAX_FRAME_SIZE
        || maxFrameSize > Http2Settings.MAX_MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("maxFrameSize out of range: " + maxFrameSize);
    }
    this.maxFrameSize = maxFrameSize;
  }

  /** The peer's max frame size this writer respects. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** The client connection preface (RFC 9113 §3.4); follow it with {@link #settings}. */
  public void clientPreface(ByteBuf out) {
    ConnectionPreface.write(out);
  }

  /**
   * A DATA frame (RFC 9113 §6.1). Splitting data to fit flow-control windows and the max frame
   * size is the caller's job, because only it knows the windows.
   */
  public void data(ByteBuf out, int streamId, ByteBuf data, boolean endStream, int padding) {
    requireStream(streamId);
    checkPadding(padding);
    int length = data.readableBytes() + padding;
    checkFits(length, "DATA");
    int flags = (endStream ? FrameFlags.END_STREAM : 0) | (padding > 0 ? FrameFlags.PADDED : 0);
    FrameHeader.write(out, length, FrameType.DATA, flags, streamId);
    writePadLength(out, padding);
    out.writeBytes(data, data.readerIndex(), data.readableBytes());
    writePadding(out, padding);
  }

  /**
   * An unpadded DATA frame carrying the {@code length} bytes of {@code src} from its reader index,
   * which is left where it was: no slice is made to say which bytes.
   */
  public void data(ByteBuf out, int streamId, ByteBuf src, int length, boolean endStream) {
    dataHeader(out, streamId, length, endStream);
    out.writeBytes(src, src.readerIndex(), length);
  }

  /**
   * Only the 9-byte header of an unpadded DATA frame of {@code length} bytes, for a caller that
   * hands the payload to the socket separately (so it is never copied).
   */
  public void dataHeader(ByteBuf out, int streamId, int length, boolean endStream) {
    requireStream(streamId);
    checkFits(length, "DATA");
    FrameHeader.write(out, length, FrameType.DATA, endStream ? FrameFlags.END_STREAM : 0,
        streamId);
  }

  /**
   * A HEADERS frame followed by as many CONTINUATION frames as the peer's max frame size needs
   * (RFC 9113 §4.3, §6.2, §6.10). Padding and priority go on the HEADERS frame only.
   *
   * @param priority the priority fields to send with the PRIORITY flag, or {@code null}
   */
  public void headers(
      ByteBuf out,
      int streamId,
      ByteBuf headerBlock,
      boolean endStream,
      PrioritySpec priority,
      int padding) {
    requireStream(streamId);
    checkPadding(padding);
    if (priority != null && priority.streamDependency() == streamId) {
      throw new IllegalArgumentException("stream " + streamId + " cannot depend on itself");
    }
    int fixed = padding + (priority != null ? PrioritySpec.LENGTH : 0);
    int fragment = Math.min(headerBlock.readableBytes(), maxFrameSize - fixed);
    boolean endHeaders = fragment == headerBlock.readableBytes();
    int flags =
        (endStream ? FrameFlags.END_STREAM : 0)
            | (endHeaders ? FrameFlags.END_HEADERS : 0)
            | (padding > 0 ? FrameFlags.PADDED : 0)
            | (priority != null ? FrameFlags.PRIORITY : 0);
    FrameHeader.write(out, fixed + fragment, FrameType.HEADERS, flags, streamId);
    writePadLength(out, padding);
    if (priority != null) {
      writePriority(out, priority);
    }
    out.writeBytes(headerBlock, headerBlock.readerIndex(), fragment);
    writePadding(out, padding);
    writeContinuations(out, streamId, headerBlock, fragment);
  }

  /** A PRIORITY frame (RFC 9113 §6.3). */
  public void priority(ByteBuf out, int streamId, PrioritySpec priority) {
    requireStream(streamId);
    if (priority.streamDependency() == streamId) {
      throw new IllegalArgumentException("stream " + streamId + " cannot depend on itself");
    }
    FrameHeader.write(out, PrioritySpec.LENGTH, FrameType.PRIORITY, 0, streamId);
    writePriority(out, priority);
  }

  /** A RST_STREAM frame (RFC 9113 §6.4). */
  public void rstStream(ByteBuf out, int streamId, Http2ErrorCode errorCode) {
    requireStream(streamId);
    FrameHeader.write(out, 4, FrameType.RST_STREAM, 0, streamId);
    out.writeInt((int) errorCode.wireValue());
  }

  /** A SETTINGS frame (RFC 9113 §6.5) with the settings present in {@code settings}. */
  public void settings(ByteBuf out, Http2Settings settings) {
    int length = settings.size() * 6;
    checkFits(length, "SETTINGS");
    FrameHeader.write(out, length, FrameType.SETTINGS, 0, 0);
    settings.forEach(
        (id, value) -> {
          out.writeShort(id);
          out.writeInt((int) value);
        });
  }

  /** A SETTINGS frame with ACK (RFC 9113 §6.5). */
  public void settingsAck(ByteBuf out) {
    FrameHeader.write(out, 0, FrameType.SETTINGS, FrameFlags.ACK, 0);
  }

  /**
   * A PUSH_PROMISE frame followed by CONTINUATION frames as needed (RFC 9113 §6.6, §6.10).
   * Only a server may send it; that rule belongs to the connection layer.
   */
  public void pushPromise(
      ByteBuf out, int streamId, int promisedStreamId, ByteBuf headerBlock, int padding) {
    requireStream(streamId);
    requireStream(promisedStreamId);
    checkPadding(padding);
    int fixed = padding + 4;
    int fragment = Math.min(headerBlock.readableBytes(), maxFrameSize - fixed);
    boolean endHeaders = fragment == headerBlock.readableBytes();
    int flags = (endHeaders ? FrameFlags.END_HEADERS : 0) | (padding > 0 ? FrameFlags.PADDED : 0);
    FrameHeader.write(out, fixed + fragment, FrameType.PUSH_PROMISE, flags, streamId);
    writePadLength(out, padding);
    out.writeInt(promisedStreamId);
    out.writeBytes(headerBlock, headerBlock.readerIndex(), fragment);
    writePadding(out, padding);
    writeContinuations(out, streamId, headerBlock, fragment);
  }

  /** A PING frame (RFC 9113 §6.7). */
  public void ping(ByteBuf out, boolean ack, long opaqueData) {
    FrameHeader.write(out, 8, FrameType.PING, ack ? FrameFlags.ACK : 0, 0);
    out.writeLong(opaqueData);
  }

  /** A GOAWAY frame (RFC 9113 §6.8). */
  public void goAway(ByteBuf out, int lastStreamId, Http2ErrorCode errorCode, ByteBuf debugData) {
    if (lastStreamId < 0) {
      throw new IllegalArgumentException("lastStreamId must be >= 0: " + lastStreamId);
    }
    int length = 8 + debugData.readableBytes();
    checkFits(length, "GOAWAY");
    FrameHeader.write(out, length, FrameType.GOAWAY, 0, 0);
    out.writeInt(lastStreamId);
    out.writeInt((int) errorCode.wireValue());
    out.writeBytes(debugData, debugData.readerIndex(), debugData.readableBytes());
  }

  /** A WINDOW_UPDATE frame (RFC 9113 §6.9); {@code streamId} 0 for the connection window. */
  public void windowUpdate(ByteBuf out, int streamId, int windowSizeIncrement) {
    if (streamId < 0) {
      throw new IllegalArgumentException("streamId must be >= 0: " + streamId);
    }
    if (windowSizeIncrement <= 0) {
      throw new IllegalArgumentException("increment must be in [1, 2^31-1]: " + windowSizeIncrement);
    }
    FrameHeader.write(out, 4, FrameType.WINDOW_UPDATE, 0, streamId);
    out.writeInt(windowSizeIncrement);
  }

  /** A frame of any type with a raw payload, for extensions and for tests of the reader. */
  public void unknownFrame(ByteBuf out, int type, int streamId, int flags, ByteBuf payload) {
    if (type < 0 || type > 0xff || flags < 0 || flags > 0xff || streamId < 0) {
      throw new IllegalArgumentException("bad type, flags or stream id");
    }
    checkFits(payload.readableBytes(), FrameType.name(type));
    FrameHeader.write(out, payload.readableBytes(), type, flags, streamId);
    out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
  }

  private void writeContinuations(ByteBuf out, int streamId, ByteBuf block, int written) {
    int index = block.readerIndex() + written;
    int end = block.writerIndex();
    while (index < end) {
      int fragment = Math.min(end - index, maxFrameSize);
      int flags = index + fragment == end ? FrameFlags.END_HEADERS : 0;
      FrameHeader.write(out, fragment, FrameType.CONTINUATION, flags, streamId);
      out.writeBytes(block, index, fragment);
      index += fragment;
    }
  }

  private static void writePriority(ByteBuf out, PrioritySpec priority) {
    out.writeInt(priority.streamDependency() | (priority.exclusive() ? 0x8000_0000 : 0));
    out.writeByte(priority.weight() - 1);
  }

  private static void writePadLength(ByteBuf out, int padding) {
    if (padding > 0) {
      out.writeByte(padding - 1);
    }
  }

  private static void writePadding(ByteBuf out, int padding) {
    // RFC 9113 §6.1: padding octets MUST be zero.
    out.writeZero(Math.max(0, padding - 1));
  }

  private void checkFits(int length, String what) {
    if (length > maxFrameSize) {
      throw new IllegalArgumentException(
          what + " payload " + length + " exceeds peer max frame size " + maxFrameSize);
    }
  }

  private static void checkPadding(int padding) {
    if (padding < 0 || padding > MAX_PADDING) {
      throw new IllegalArgumentException("padding must be in [0, 256]: " + padding);
    }
  }

  private static void requireStream(int streamId) {
    if (streamId <= 0) {
      throw new IllegalArgumentException("stream id must be > 0: " + streamId);
    }
  }
}
