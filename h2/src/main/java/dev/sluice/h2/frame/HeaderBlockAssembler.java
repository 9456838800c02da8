package dev.sluice.h2.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Joins a HEADERS or PUSH_PROMISE fragment and its CONTINUATION frames into one header block
 * (RFC 9113 §4.3, §6.10), and enforces the CONTINUATION limits of {@link ReaderLimits}.
 *
 * <p>Memory is bounded by {@link ReaderLimits#maxHeaderBlockBytes()}: the size of each
 * CONTINUATION is checked from its frame header, before its payload is buffered.
 * Single-threaded, like the reader that owns it.
 */
final class HeaderBlockAssembler {

  /** What the frame that opened the block said, kept until END_HEADERS. */
  record OpenBlock(
      int type, int streamId, boolean endStream, PrioritySpec priority, int promisedStreamId) {}

  private final ByteBufAllocator alloc;
  private final ReaderLimits limits;
  private OpenBlock open;
  private ByteBuf block;
  private int continuations;

  HeaderBlockAssembler(ByteBufAllocator alloc, ReaderLimits limits) {
    this.alloc = alloc;
    this.limits = limits;
  }

  boolean isOpen() {
    return open != null;
  }

  /** Rejects a first fragment that alone is over the byte limit. */
  void checkFirstFragment(int length) throws Http2Exception {
    checkBytes(length);
  }

  /** Starts a block whose first frame lacked END_HEADERS; copies the fragment. */
  void begin(OpenBlock info, ByteBuf fragment) {
    open = info;
    continuations = 0;
    block = alloc.buffer(fragment.readableBytes(), limits.maxHeaderBlockBytes());
    block.writeBytes(fragment);
  }

  /**
   * Called with every frame header while deciding whether to buffer the payload. Enforces the
   * §6.10 sequencing rule and the limits before any payload byte is kept.
   */
  void checkFrameHeader(FrameHeader header) throws Http2Exception {
    if (open == null) {
      if (header.type() == FrameType.CONTINUATION) {
        // RFC 9113 §6.10: CONTINUATION must follow HEADERS, PUSH_PROMISE or CONTINUATION
        // without END_HEADERS.
        throw Http2Exception.connectionError(
            Http2ErrorCode.PROTOCOL_ERROR,
            "CONTINUATION on stream %d without an open header block", header.streamId());
      }
      return;
    }
    if (header.type() != FrameType.CONTINUATION || header.streamId() != open.streamId()) {
      // RFC 9113 §6.10 (and §5.5 for extension frames): nothing may interleave a header block.
      throw Http2Exception.connectionError(
          Http2ErrorCode.PROTOCOL_ERROR,
          "%s on stream %d while the header block of stream %d is open",
          FrameType.name(header.type()), header.streamId(), open.streamId());
    }
    if (++continuations > limits.maxContinuationFrames()) {
      throw Http2Exception.connectionError(
          Http2ErrorCode.ENHANCE_YOUR_CALM,
          "more than %d CONTINUATION frames in one header block", limits.maxContinuationFrames());
    }
    checkBytes((long) block.readableBytes() + header.length());
  }

  /** The frame that opened the current block. */
  OpenBlock openBlock() {
    return open;
  }

  /** Appends a CONTINUATION fragment already admitted by {@link #checkFrameHeader}. */
  void append(ByteBuf fragment) {
    block.writeBytes(fragment);
  }

  /** Ends the block and hands its bytes to the caller, who must release them. */
  ByteBuf take() {
    ByteBuf complete = block;
    block = null;
    open = null;
    return complete;
  }

  /** Drops any open block. */
  void release() {
    if (block != null) {
      block.release();
      block = null;
    }
    open = null;
  }

  private void checkBytes(long length) throws Http2Exception {
    if (length > limits.maxHeaderBlockBytes()) {
      throw Http2Exception.connectionError(
          Http2ErrorCode.ENHANCE_YOUR_CALM,
          "header block larger than %d bytes", limits.maxHeaderBlockBytes());
    }
  }
}
