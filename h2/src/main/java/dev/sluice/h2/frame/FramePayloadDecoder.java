package dev.sluice.h2.frame;

import static dev.sluice.h2.frame.Http2ErrorCode.FRAME_SIZE_ERROR;
import static dev.sluice.h2.frame.Http2ErrorCode.PROTOCOL_ERROR;

import dev.sluice.h2.frame.HeaderBlockAssembler.OpenBlock;
import io.netty.buffer.ByteBuf;

/**
 * Checks one complete frame against RFC 9113 §6 and hands it to the {@link FrameReader.Handler}.
 *
 * <p>It runs only once the whole payload is buffered, so a stream error it throws leaves the
 * reader positioned at the next frame. Single-threaded, like the reader that owns it.
 */
final class FramePayloadDecoder {
  private final FrameReader.Handler handler;
  private final HeaderBlockAssembler headerBlocks;
  private final EmptyDataFrameGuard emptyData;
  private final ReaderLimits limits;

  FramePayloadDecoder(
      FrameReader.Handler handler, HeaderBlockAssembler headerBlocks, ReaderLimits limits) {
    this.handler = handler;
    this.headerBlocks = headerBlocks;
    this.emptyData = new EmptyDataFrameGuard(limits.maxConsecutiveEmptyDataFrames());
    this.limits = limits;
  }

  /** Decodes {@code payload}, which holds exactly {@code h.length()} readable bytes. */
  void decode(FrameHeader h, ByteBuf payload) throws Http2Exception {
    switch (h.type()) {
      case FrameType.DATA -> data(h, payload);
      case FrameType.HEADERS -> headers(h, payload);
      case FrameType.PRIORITY -> priority(h, payload);
      case FrameType.RST_STREAM -> rstStream(h, payload);
      case FrameType.SETTINGS -> settings(h, payload);
      case FrameType.PUSH_PROMISE -> pushPromise(h, payload);
      case FrameType.PING -> ping(h, payload);
      case FrameType.GOAWAY -> goAway(h, payload);
      case FrameType.WINDOW_UPDATE -> windowUpdate(h, payload);
      case FrameType.CONTINUATION -> continuation(h, payload);
      default -> handler.unknownFrame(h.type(), h.streamId(), h.flags(), payload);
    }
  }

  private void data(FrameHeader h, ByteBuf p) throws Http2Exception {
    requireStream(h, "§6.1");
    int dataLength = contentLength(h, p, 0);
    boolean endStream = h.has(FrameFlags.END_STREAM);
    emptyData.onData(dataLength, endStream);
    // The handler owns what it is given from here on, even if it throws. Unpadded (the usual
    // case), that is the payload itself, retained: no slice of it is made.
    ByteBuf data = dataLength == p.readableBytes()
        ? p.retain() : p.retainedSlice(p.readerIndex(), dataLength);
    handler.data(h.streamId(), data, endStream, h.length());
  }

  private void headers(FrameHeader h, ByteBuf p) throws Http2Exception {
    requireStream(h, "§6.2");
    boolean hasPriority = h.has(FrameFlags.PRIORITY);
    int fragmentLength = contentLength(h, p, hasPriority ? PrioritySpec.LENGTH : 0);
    PrioritySpec priority = hasPriority ? readPriority(p) : null;
    if (priority != null && priority.streamDependency() == h.streamId()) {
      // RFC 9113 §5.3.1 makes this a stream error, but the header block must still reach HPACK
      // to keep the dynamic table in sync, so we escalate as RFC 9113 §5.4 allows.
      throw Http2Exception.connectionError(
          PROTOCOL_ERROR, "HEADERS on stream %d depends on itself", h.streamId());
    }
    emptyData.onHeaders();
    OpenBlock info =
        new OpenBlock(FrameType.HEADERS, h.streamId(), h.has(FrameFlags.END_STREAM), priority, 0);
    startBlock(info, fragment(p, fragmentLength), h.has(FrameFlags.END_HEADERS));
  }

  private void priority(FrameHeader h, ByteBuf p) throws Http2Exception {
    requireStream(h, "§6.3");
    if (h.length() != PrioritySpec.LENGTH) {
      // RFC 9113 §6.3: a stream error, since PRIORITY changes no connection state.
      throw Http2Exception.streamError(
          h.streamId(), FRAME_SIZE_ERROR, "PRIORITY length %d, expected 5", h.length());
    }
    PrioritySpec priority = readPriority(p);
    if (priority.streamDependency() == h.streamId()) {
      // RFC 9113 §5.3.1: a stream cannot depend on itself.
      throw Http2Exception.streamError(
          h.streamId(), PROTOCOL_ERROR, "PRIORITY on stream %d depends on itself", h.streamId());
    }
    handler.priority(h.streamId(), priority);
  }

  private void rstStream(FrameHeader h, ByteBuf p) throws Http2Exception {
    requireStream(h, "§6.4");
    requireLength(h, 4, "§6.4");
    handler.rstStream(h.streamId(), Http2ErrorCode.fromWire(p.readUnsignedInt()));
  }

  private void settings(FrameHeader h, ByteBuf p) throws Http2Exception {
    requireConnection(h, "§6.5");
    if (h.has(FrameFlags.ACK)) {
      if (h.length() != 0) {
        // RFC 9113 §6.5: an ACK with a payload is a FRAME_SIZE_ERROR.
        throw Http2Exception.connectionError(
            FRAME_SIZE_ERROR, "SETTINGS ACK with length %d", h.length());
      }
      handler.settingsAck();
      return;
    }
    if (h.length() % 6 != 0) {
      // RFC 9113 §6.5: the length must be a multiple of 6.
      throw Http2Exception.connectionError(
          FRAME_SIZE_ERROR, "SETTINGS length %d is not a multiple of 6", h.length());
    }
    int entries = h.length() / 6;
    if (entries > limits.maxSettingsEntries()) {
      // A local limit (CVE-2020-11080), allowed by RFC 9113 §10.5.
      throw Http2Exception.connectionError(
          Http2ErrorCode.ENHANCE_YOUR_CALM,
          "SETTINGS with %d entries, limit %d", entries, limits.maxSettingsEntries());
    }
    Http2Settings settings = new Http2Settings();
    for (int i = 0; i < entries; i++) {
      int id = p.readUnsignedShort();
      long value = p.readUnsignedInt();
      if (Http2Settings.isKnown(id)) {
        Http2Settings.validate(id, value);
        settings.put(id, value);
      }
      // RFC 9113 §6.5.2: unknown settings are ignored.
    }
    handler.settings(settings);
  }

  private void pushPromise(FrameHeader h, ByteBuf p) throws Http2Exception {
    requireStream(h, "§6.6");
    int fragmentLength = contentLength(h, p, 4);
    int promisedStreamId = p.readInt() & 0x7fff_ffff;
    OpenBlock info =
        new OpenBlock(FrameType.PUSH_PROMISE, h.streamId(), false, null, promisedStreamId);
    startBlock(info, p.readSlice(fragmentLength), h.has(FrameFlags.END_HEADERS));
  }

  private void ping(FrameHeader h, ByteBuf p) throws Http2Exception {
    requireConnection(h, "§6.7");
    requireLength(h, 8, "§6.7");
    handler.ping(h.has(FrameFlags.ACK), p.readLong());
  }

  private void goAway(FrameHeader h, ByteBuf p) throws Http2Exception {
    requireConnection(h, "§6.8");
    if (h.length() < 8) {
      // RFC 9113 §4.2: too short for the mandatory fields.
      throw Http2Exception.connectionError(
          FRAME_SIZE_ERROR, "GOAWAY length %d, expected at least 8", h.length());
    }
    int lastStreamId = p.readInt() & 0x7fff_ffff;
    Http2ErrorCode code = Http2ErrorCode.fromWire(p.readUnsignedInt());
    handler.goAway(lastStreamId, code, p.readSlice(p.readableBytes()));
  }

  private void windowUpdate(FrameHeader h, ByteBuf p) throws Http2Exception {
    requireLength(h, 4, "§6.9");
    int increment = p.readInt() & 0x7fff_ffff;
    if (increment == 0) {
      // RFC 9113 §6.9: the scope of the error follows the scope of the frame.
      if (h.streamId() == 0) {
        throw Http2Exception.connectionError(
            PROTOCOL_ERROR, "WINDOW_UPDATE with increment 0 on the connection");
      }
      throw Http2Exception.streamError(
          h.streamId(), PROTOCOL_ERROR, "WINDOW_UPDATE with increment 0");
    }
    handler.windowUpdate(h.streamId(), increment);
  }

  private void continuation(FrameHeader h, ByteBuf p) throws Http2Exception {
    // Sequencing and limits were checked from the frame header (HeaderBlockAssembler).
    headerBlocks.append(p);
    if (h.has(FrameFlags.END_HEADERS)) {
      OpenBlock info = headerBlocks.openBlock();
      ByteBuf block = headerBlocks.take();
      try {
        deliver(info, block);
      } finally {
        block.release();
      }
    }
  }

  /**
   * The next {@code length} bytes of {@code p} as a header block fragment: {@code p} itself when
   * nothing follows them (no padding, the usual case), else a slice. Never kept by the callee.
   */
  private static ByteBuf fragment(ByteBuf p, int length) {
    return length == p.readableBytes() ? p : p.readSlice(length);
  }

  private void startBlock(OpenBlock info, ByteBuf fragment, boolean endHeaders)
      throws Http2Exception {
    headerBlocks.checkFirstFragment(fragment.readableBytes());
    if (endHeaders) {
      deliver(info, fragment);
    } else {
      headerBlocks.begin(info, fragment);
    }
  }

  private void deliver(OpenBlock info, ByteBuf block) throws Http2Exception {
    if (info.type() == FrameType.HEADERS) {
      handler.headers(info.streamId(), block, info.endStream(), info.priority());
    } else {
      handler.pushPromise(info.streamId(), info.promisedStreamId(), block);
    }
  }

  /**
   * Consumes the Pad Length octet if present, leaves {@code p} at the fixed fields, and returns
   * the length of what follows them, padding excluded.
   */
  private static int contentLength(FrameHeader h, ByteBuf p, int fixedFields)
      throws Http2Exception {
    int padLength = 0;
    if (h.has(FrameFlags.PADDED)) {
      if (!p.isReadable()) {
        // RFC 9113 §4.2: too short for the mandatory Pad Length field.
        throw Http2Exception.connectionError(
            FRAME_SIZE_ERROR, "padded %s with empty payload", FrameType.name(h.type()));
      }
      padLength = p.readUnsignedByte();
    }
    if (p.readableBytes() < fixedFields) {
      // RFC 9113 §4.2: too short for the mandatory fields.
      throw Http2Exception.connectionError(
          FRAME_SIZE_ERROR, "%s length %d too short", FrameType.name(h.type()), h.length());
    }
    int content = p.readableBytes() - fixedFields - padLength;
    if (content < 0) {
      // RFC 9113 §6.1 (and §6.2, §6.6): padding as long as the payload is a PROTOCOL_ERROR.
      throw Http2Exception.connectionError(
          PROTOCOL_ERROR,
          "%s pad length %d too large for length %d",
          FrameType.name(h.type()), padLength, h.length());
    }
    return content;
  }

  private static PrioritySpec readPriority(ByteBuf p) {
    int word = p.readInt();
    boolean exclusive = word < 0;
    return new PrioritySpec(word & 0x7fff_ffff, p.readUnsignedByte() + 1, exclusive);
  }

  private static void requireStream(FrameHeader h, String section) throws Http2Exception {
    if (h.streamId() == 0) {
      // RFC 9113 §6.x: these frames belong to a stream.
      throw Http2Exception.connectionError(
          PROTOCOL_ERROR, "%s on stream 0 (RFC 9113 %s)", FrameType.name(h.type()), section);
    }
  }

  private static void requireConnection(FrameHeader h, String section) throws Http2Exception {
    if (h.streamId() != 0) {
      // RFC 9113 §6.x: these frames belong to the connection.
      throw Http2Exception.connectionError(
          PROTOCOL_ERROR,
          "%s on stream %d, must be 0 (RFC 9113 %s)",
          FrameType.name(h.type()), h.streamId(), section);
    }
  }

  private static void requireLength(FrameHeader h, int expected, String section)
      throws Http2Exception {
    if (h.length() != expected) {
      throw Http2Exception.connectionError(
          FRAME_SIZE_ERROR,
          "%s length %d, expected %d (RFC 9113 %s)",
          FrameType.name(h.type()), h.length(), expected, section);
    }
  }
}
