package dev.sluice.h2.frame;

import io.netty.buffer.ByteBuf;

/**
 * The 9-octet frame header of RFC 9113 §4.1, with the reserved bit already dropped from the
 * stream id (RFC 9113 §4.1 says it "MUST be ignored when receiving").
 *
 * @param length payload length, 24 bits
 * @param type frame type octet, see {@link FrameType}
 * @param flags flag octet, see {@link FrameFlags}
 * @param streamId 31-bit stream identifier
 */
public record FrameHeader(int length, int type, int flags, int streamId) {
  /** Size of the frame header on the wire. */
  public static final int LENGTH = 9;

  /** Reads a header at {@code index} without moving the buffer's indices. */
  public static FrameHeader peek(ByteBuf buf, int index) {
    int length = buf.getUnsignedMedium(index);
    int type = buf.getUnsignedByte(index + 3);
    int flags = buf.getUnsignedByte(index + 4);
    int streamId = buf.getInt(index + 5) & 0x7fff_ffff;
    return new FrameHeader(length, type, flags, streamId);
  }

  /** Writes a header with the reserved bit clear. */
  static void write(ByteBuf out, int length, int type, int flags, int streamId) {
    out.writeMedium(length);
    out.writeByte(type);
    out.writeByte(flags);
    out.writeInt(streamId & 0x7fff_ffff);
  }

  /** True if {@code flag} is set and defined for this frame's type. */
  public boolean has(int flag) {
    return FrameFlags.isSet(type, flags, flag);
  }
}
