package dev.sluice.h2.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads HTTP/2 frames (RFC 9113 §4, §6) from bytes that arrive in pieces of any size, down to one
 * byte at a time, and hands each complete frame to a {@link Handler}.
 *
 * <p><b>Threads.</b> Not thread-safe; call it from the connection's single I/O thread.
 *
 * <p><b>Input buffers.</b> {@link #read(ByteBuf)} consumes bytes from {@code in} by moving its
 * reader index; it never releases or retains {@code in}, which stays the caller's. A partial
 * frame is copied into a buffer of its own, so the reader keeps at most one frame plus one open
 * header block, and the header block is capped by {@link ReaderLimits#maxHeaderBlockBytes()}.
 * A DATA payload that arrived whole is a retained slice of {@code in}, so do not overwrite or
 * compact bytes of {@code in} that were read while its reference count is above one (Netty's
 * {@code ByteToMessageDecoder} cumulation already respects this).
 *
 * <p><b>Errors.</b> Every protocol violation is an {@link Http2Exception}. After a <em>stream</em>
 * error the offending frame has been fully consumed and the reader is ready for the next one:
 * send RST_STREAM and call {@link #read(ByteBuf)} again with the same buffer to continue. After a
 * <em>connection</em> error the reader is dead: it releases its buffers and every later call
 * throws {@link IllegalStateException}. An {@link Http2Exception} thrown by the handler is treated
 * the same way, so HPACK errors can be raised from {@link Handler#headers}.
 *
 * <p>Connection-level rules that need stream state (which stream ids are valid, flow control,
 * SETTINGS first, PUSH_PROMISE towards a server) belong to the layer above.
 */
public final class FrameReader implements AutoCloseable {

  /**
   * Receives frames, one method per frame type, in wire order, on the reader's thread.
   *
   * <p><b>Buffer ownership.</b> The {@code data} of {@link #data} is a retained slice that the
   * handler owns and must release exactly once, even if it throws. Every other {@link ByteBuf}
   * argument (header blocks, GOAWAY debug data, unknown payloads) is only borrowed: it is valid
   * during the call and the reader releases it afterwards; retain or copy it to keep it.
   *
   * <p>Any method may throw {@link Http2Exception} to report a protocol error it detects.
   */
  public interface Handler {
    /**
     * A DATA frame (RFC 9113 §6.1), padding removed.
     *
     * @param data the payload without padding; owned by the handler, which must release it
     * @param flowControlledBytes the whole frame payload including padding, which is what
     *     counts against flow-control windows (RFC 9113 §6.9.1)
     */
    void data(int streamId, ByteBuf data, boolean endStream, int flowControlledBytes)
        throws Http2Exception;

    /**
     * A complete header block: a HEADERS frame plus any CONTINUATION frames (RFC 9113 §6.2,
     * §6.10), padding removed.
     *
     * @param headerBlock the HPACK-encoded block; borrowed
     * @param priority the priority fields if the PRIORITY flag was set, otherwise {@code null}
     */
    void headers(int streamId, ByteBuf headerBlock, boolean endStream, PrioritySpec priority)
        throws Http2Exception;

    /** A PRIORITY frame (RFC 9113 §6.3). */
    void priority(int streamId, PrioritySpec priority) throws Http2Exception;

    /** A RST_STREAM frame (RFC 9113 §6.4); unknown codes arrive as INTERNAL_ERROR. */
    void rstStream(int streamId, Http2ErrorCode errorCode) throws Http2Exception;

    /** A SETTINGS frame without ACK (RFC 9113 §6.5); values already validated. */
    void settings(Http2Settings settings) throws Http2Exception;

    /** A SETTINGS frame with ACK (RFC 9113 §6.5). */
    void settingsAck() throws Http2Exception;

    /**
     * A complete PUSH_PROMISE header block (RFC 9113 §6.6, §6.10), padding removed.
     *
     * @param headerBlock the HPACK-encoded block; borrowed
     */
    void pushPromise(int streamId, int promisedStreamId, ByteBuf headerBlock)
        throws Http2Exception;

    /** A PING frame (RFC 9113 §6.7); the 8 opaque octets as a big-endian long. */
    void ping(boolean ack, long opaqueData) throws Http2Exception;

    /**
     * A GOAWAY frame (RFC 9113 §6.8); unknown codes arrive as INTERNAL_ERROR.
     *
     * @param debugData borrowed
     */
    void goAway(int lastStreamId, Http2ErrorCode errorCode, ByteBuf debugData)
        throws Http2Exception;

    /** A WINDOW_UPDATE frame (RFC 9113 §6.9); {@code streamId} 0 is the connection window. */
    void windowUpdate(int streamId, int windowSizeIncrement) throws Http2Exception;

    /**
     * A frame of a type RFC 9113 does not define. RFC 9113 §5.5 says to ignore it; extensions
     * may look at it.
     *
     * @param payload borrowed
     */
    void unknownFrame(int type, int streamId, int flags, ByteBuf payload) throws Http2Exception;
  }

  private enum State {
    PREFACE,
    FRAME_HEADER,
    FRAME_PAYLOAD,
    DEAD
  }

  private final ByteBufAllocator alloc;
  private final HeaderBlockAssembler headerBlocks;
  private final FramePayloadDecoder decoder;
  private Consumer<FrameHeader> frameHeaderObserver = header -> {};
  private int maxFrameSize = Http2Settings.MIN_MAX_FRAME_SIZE;
  private State state;
  private int prefaceIndex;
  private FrameHeader header;
  /** Bytes of a frame header or payload that arrived split; null when nothing is pending. */
  private ByteBuf partial;

  private FrameReader(
      Handler handler, ByteBufAllocator alloc, ReaderLimits limits, boolean expectPreface) {
    Objects.requireNonNull(handler, "handler");
    this.alloc = Objects.requireNonNull(alloc, "alloc");
    Objects.requireNonNull(limits, "limits");
    this.headerBlocks = new HeaderBlockAssembler(alloc, limits);
    this.decoder = new FramePayloadDecoder(handler, headerBlocks, limits);
    this.state = expectPreface ? State.PREFACE : State.FRAME_HEADER;
  }

  /** A reader for a server, which expects the client connection preface first (§3.4). */
  public static FrameReader forServer(
      Handler handler, ByteBufAllocator alloc, ReaderLimits limits) {
    return new FrameReader(handler, alloc, limits, true);
  }

  /** A reader for a client, which reads frames from the first byte. */
  public static FrameReader forClient(
      Handler handler, ByteBufAllocator alloc, ReaderLimits limits) {
    return new FrameReader(handler, alloc, limits, false);
  }

  /**
   * The largest payload accepted (RFC 9113 §4.2). Starts at 16384; raise it to our advertised
   * SETTINGS_MAX_FRAME_SIZE once the peer has acknowledged our SETTINGS, not before.
   */
  public void maxFrameSize(int maxFrameSize) {
    if (maxFrameSize < Http2Settings.MIN_MAX_FRAME_SIZE
        || maxFrameSize > Http2Settings.MAX_MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("maxFrameSize out of range: " + maxFrameSize);
    }
    this.maxFrameSize = maxFrameSize;
  }

  /** The current payload limit. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /**
   * Registers a callback that sees every frame header before the frame is checked, for
   * logging with {@link FrameLog}. Replaces any earlier one.
   */
  public void frameHeaderObserver(Consumer<FrameHeader> observer) {
    this.frameHeaderObserver = Objects.requireNonNull(observer, "observer");
  }

  /**
   * Consumes all readable bytes of {@code in} (unless an error stops it), emitting every frame
   * they complete.
   *
   * @throws Http2Exception on a protocol violation; see the class javadoc for what follows
   * @throws IllegalStateException after a connection error or {@link #close()}
   */
  public void read(ByteBuf in) throws Http2Exception {
    if (state == State.DEAD) {
      throw new IllegalStateException("reader is closed or failed with a connection error");
    }
    try {
      readFrames(in);
    } catch (Http2Exception e) {
      if (e.isConnectionError()) {
        close();
      }
      throw e;
    } catch (RuntimeException | Error e) {
      // A broken handler leaves the frame sequence unknown; do not guess.
      close();
      throw e;
    }
  }

  private void readFrames(ByteBuf in) throws Http2Exception {
    while (true) {
      switch (state) {
        case PREFACE -> {
          if (!matchPreface(in)) {
            return;
          }
          state = State.FRAME_HEADER;
        }
        case FRAME_HEADER -> {
          if (partial == null && in.readableBytes() >= FrameHeader.LENGTH) {
            // The whole header is here (the usual case): read it in place, no slice.
            header = FrameHeader.peek(in, in.readerIndex());
            in.skipBytes(FrameHeader.LENGTH);
          } else {
            ByteBuf bytes = gather(in, FrameHeader.LENGTH);
            if (bytes == null) {
              return;
            }
            try {
              header = FrameHeader.peek(bytes, bytes.readerIndex());
            } finally {
              bytes.release();
            }
          }
          frameHeaderObserver.accept(header);
          checkFrameHeader(header);
          state = State.FRAME_PAYLOAD;
        }
        case FRAME_PAYLOAD -> {
          ByteBuf payload = gather(in, header.length());
          if (payload == null) {
            return;
          }
          state = State.FRAME_HEADER;
          try {
            decoder.decode(header, payload);
          } finally {
            payload.release();
          }
        }
        case DEAD -> throw new IllegalStateException("reader is closed");
      }
    }
  }

  /** Rules decided from the header alone, so that a bad frame's payload is never buffered. */
  private void checkFrameHeader(FrameHeader h) throws Http2Exception {
    if (h.length() > maxFrameSize) {
      // RFC 9113 §4.2: always a connection error here, because the payload is not read at all.
      throw Http2Exception.connectionError(
          Http2ErrorCode.FRAME_SIZE_ERROR,
          "%s length %d exceeds max frame size %d",
          FrameType.name(h.type()), h.length(), maxFrameSize);
    }
    headerBlocks.checkFrameHeader(h);
  }

  /** Matches preface bytes as they arrive, failing at the first wrong one. */
  private boolean matchPreface(ByteBuf in) throws Http2Exception {
    while (prefaceIndex < ConnectionPreface.LENGTH) {
      if (!in.isReadable()) {
        return false;
      }
      if (in.readByte() != ConnectionPreface.byteAt(prefaceIndex)) {
        // RFC 9113 §3.4: an invalid preface is a connection error of type PROTOCOL_ERROR.
        throw Http2Exception.connectionError(
            Http2ErrorCode.PROTOCOL_ERROR, "invalid connection preface at octet %d", prefaceIndex);
      }
      prefaceIndex++;
    }
    return true;
  }

  /**
   * Returns exactly {@code n} bytes once they have all arrived, else keeps what there is and
   * returns null. The result must be released by the caller. Without a partial frame pending it
   * is a zero-copy slice of {@code in}.
   */
  private ByteBuf gather(ByteBuf in, int n) {
    if (partial == null && in.readableBytes() >= n) {
      return in.readRetainedSlice(n);
    }
    if (partial == null) {
      if (!in.isReadable()) {
        // Nothing to keep yet; an idle connection between frames holds no buffer at all.
        return null;
      }
      partial = alloc.buffer(n, n);
    }
    int take = Math.min(n - partial.readableBytes(), in.readableBytes());
    partial.writeBytes(in, take);
    if (partial.readableBytes() < n) {
      return null;
    }
    ByteBuf complete = partial;
    partial = null;
    return complete;
  }

  /** Releases buffered bytes. The reader cannot be used afterwards. Idempotent. */
  @Override
  public void close() {
    state = State.DEAD;
    if (partial != null) {
      partial.release();
      partial = null;
    }
    headerBlocks.release();
  }
}
