package dev.sluice.h2.netty;

import dev.sluice.h2.frame.ConnectionPreface;
import dev.sluice.h2.frame.FrameFlags;
import dev.sluice.h2.frame.FrameHeader;
import dev.sluice.h2.frame.FrameType;
import io.netty.buffer.ByteBuf;

/**
 * Follows the first bytes a client sends on an HTTP/2 connection, only as far as frame
 * boundaries: the 24-octet preface, then each frame's 9-octet header and the length of its
 * payload (RFC 9113 §3.4, §4.1), until the first request's header block (a HEADERS frame and
 * its CONTINUATION frames, RFC 9113 §4.3) is complete. It never checks what the bytes say: the
 * HTTP/2 connection reading them does that, and closes the connection when they are wrong.
 *
 * <p>It answers the two questions {@link HandshakeTimeout} asks after each read: is the
 * handshake (preface and first frame, which must be SETTINGS) complete, and is a frame or a
 * header block half-received. Bytes are looked at in place; the buffers' indexes never move.
 *
 * <p>Not thread-safe: used on one channel's event loop.
 */
final class HandshakeScanner {

  private int prefaceLeft = ConnectionPreface.LENGTH;
  /** Octets of the current frame header seen so far (0 between frames). */
  private int headerSeen;
  private int length;
  private int type;
  private int flags;
  /** Payload octets of the current frame still to come, once its header is complete. */
  private int payloadLeft;
  private boolean handshakeDone;
  private boolean inHeaderBlock;
  private boolean firstHeaderBlockDone;

  /** Follows the readable bytes of {@code buf}, which come right after the last ones seen. */
  void scan(ByteBuf buf) {
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    while (i < end && !firstHeaderBlockDone) {
      if (prefaceLeft > 0) {
        int n = Math.min(prefaceLeft, end - i);
        prefaceLeft -= n;
        i += n;
      } else if (headerSeen < FrameHeader.LENGTH) {
        headerOctet(buf.getUnsignedByte(i++));
      } else {
        int n = Math.min(payloadLeft, end - i);
        payloadLeft -= n;
        i += n;
        if (payloadLeft == 0) {
          frameEnded();
        }
      }
    }
  }

  private void headerOctet(int octet) {
    switch (headerSeen) {
      case 0 -> length = octet << 16;
      case 1 -> length |= octet << 8;
      case 2 -> length |= octet;
      case 3 -> type = octet;
      case 4 -> flags = octet;
      default -> { } // the stream id does not matter here
    }
    headerSeen++;
    if (headerSeen == FrameHeader.LENGTH) {
      payloadLeft = length;
      if (payloadLeft == 0) {
        frameEnded();
      }
    }
  }

  private void frameEnded() {
    headerSeen = 0;
    if (!handshakeDone) {
      // The first frame after the preface; RFC 9113 §3.4 wants SETTINGS, the connection checks.
      handshakeDone = true;
      return;
    }
    if (type == FrameType.HEADERS || type == FrameType.CONTINUATION) {
      boolean endHeaders = (flags & FrameFlags.END_HEADERS) != 0;
      inHeaderBlock = !endHeaders;
      firstHeaderBlockDone = endHeaders;
    }
  }

  /** True once the preface and the first frame after it have arrived whole. */
  boolean handshakeDone() {
    return handshakeDone;
  }

  /** True once the first header block (HEADERS through END_HEADERS) has arrived whole. */
  boolean firstHeaderBlockDone() {
    return firstHeaderBlockDone;
  }

  /**
   * True while the peer owes bytes it has started to send: the handshake, a frame it has begun,
   * or the rest of a header block it has begun. False between whole frames after the handshake,
   * where a connection may rightly sit idle.
   */
  boolean owesBytes() {
    if (firstHeaderBlockDone) {
      return false;
    }
    return !handshakeDone || headerSeen > 0 || payloadLeft > 0 || inHeaderBlock;
  }
}
