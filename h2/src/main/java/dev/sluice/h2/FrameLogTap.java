package dev.sluice.h2;

import dev.sluice.h2.frame.ConnectionPreface;
import dev.sluice.h2.frame.FrameFlags;
import dev.sluice.h2.frame.FrameHeader;
import dev.sluice.h2.frame.FrameLog;
import dev.sluice.h2.frame.FrameType;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderListTooLargeException;
import dev.sluice.h2.hpack.HpackDecoder;
import dev.sluice.h2.hpack.HpackException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.StringJoiner;

/**
 * The frame log of one direction of a connection: watches the bytes as they are read or written,
 * without moving their indices, and logs one line per frame to {@value #LOGGER} at DEBUG, e.g.
 * {@code << HEADERS stream=3 flags=END_HEADERS|END_STREAM length=42}, with what is cheap to show
 * of SETTINGS, WINDOW_UPDATE, RST_STREAM and GOAWAY (a PING's ACK is among its flags). Frames are
 * logged as they cross the socket: an inbound frame before the connection acts on it, even one it
 * then rejects. What is kept of a payload is capped, whatever length a frame header claims.
 *
 * <p>Header values never appear unless the system property {@value #UNSAFE_PROPERTY} is {@code
 * true} when the connection starts: they carry credentials and personal data. With it, the line of
 * the frame that ends a header block adds the block's fields, decoded by an HPACK decoder of the
 * tap's own that follows the peer's (or our) encoder through the same blocks; the connection's own
 * decoding is untouched. GOAWAY debug data and PING payloads are not shown either.
 *
 * <p>A connection makes its taps only if the logger is enabled at DEBUG when it starts, so a
 * connection without one pays a null check per read and per write. Runs on the connection's
 * thread.
 */
final class FrameLogTap {

  /** The logger of the frame log. */
  static final String LOGGER = "dev.sluice.h2.frames";
  /** Shows header values in the frame log when {@code true}: for debugging only. */
  static final String UNSAFE_PROPERTY = "dev.sluice.h2.frameLog.unsafeHeaderValues";

  private static final Logger log = System.getLogger(LOGGER);
  /** Payload bytes kept for the details of WINDOW_UPDATE, RST_STREAM and GOAWAY. */
  private static final int DETAIL_BYTES = 8;
  /** Payload bytes of SETTINGS shown: 64 settings, more than any peer sends. */
  private static final int SETTINGS_BYTES = 64 * 6;
  /** Header block bytes decoded (unsafe switch only); beyond it, values are no longer shown. */
  private static final int HEADER_BLOCK_BYTES = 256 * 1024;

  private final FrameLog.Direction direction;
  private final String connection;
  /** Decodes header blocks for their values; null unless the unsafe switch is on. */
  private final HpackDecoder headerValues;
  private int prefaceLeft;
  private final byte[] head = new byte[FrameHeader.LENGTH];
  private int headFill;
  private FrameHeader frame;
  private int payloadLeft;
  /** The current frame's payload bytes worth showing; null when none are kept. */
  private byte[] kept;
  private int keptFill;
  /** A header block across HEADERS and CONTINUATION frames (unsafe switch only). */
  private ByteArrayOutputStream block;
  /** A header block was too large to keep: the HPACK state is lost, values are not shown. */
  private boolean headerValuesLost;

  private FrameLogTap(FrameLog.Direction direction, boolean preface, String connection,
      boolean unsafeHeaderValues) {
    this.direction = direction;
    this.connection = connection;
    this.prefaceLeft = preface ? ConnectionPreface.LENGTH : 0;
    if (unsafeHeaderValues) {
      headerValues = new HpackDecoder(HpackDecoder.DEFAULT_MAX_TABLE_SIZE, Long.MAX_VALUE);
      // Any size update the encoder sends is followed; its table starts at 4096 like ours.
      headerValues.setMaxTableSize(Integer.MAX_VALUE);
    } else {
      headerValues = null;
    }
  }

  /**
   * A tap for one direction, or null when the frame log is off (the usual case).
   *
   * @param preface whether this direction starts with the client preface (a client's outbound,
   *     a server's inbound)
   * @param connection names the connection in each line, e.g. the peer's address
   */
  static FrameLogTap create(FrameLog.Direction direction, boolean preface, String connection) {
    if (!log.isLoggable(Level.DEBUG)) {
      return null;
    }
    return new FrameLogTap(direction, preface, connection, Boolean.getBoolean(UNSAFE_PROPERTY));
  }

  /** Logs the frames {@code bytes} complete; its indices are left as they are. */
  void onBytes(ByteBuf bytes) {
    int i = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (i < end) {
      if (prefaceLeft > 0) {
        int n = Math.min(prefaceLeft, end - i);
        prefaceLeft -= n;
        i += n;
        if (prefaceLeft == 0) {
          emit(FrameLog.preface(direction));
        }
        continue;
      }
      if (frame == null) {
        int n = Math.min(FrameHeader.LENGTH - headFill, end - i);
        bytes.getBytes(i, head, headFill, n);
        headFill += n;
        i += n;
        if (headFill < FrameHeader.LENGTH) {
          return;
        }
        headFill = 0;
        startFrame(FrameHeader.peek(Unpooled.wrappedBuffer(head), 0));
      }
      int n = Math.min(payloadLeft, end - i);
      if (kept != null) {
        int take = Math.min(n, kept.length - keptFill);
        bytes.getBytes(i, kept, keptFill, take);
        keptFill += take;
      }
      payloadLeft -= n;
      i += n;
      if (payloadLeft == 0) {
        endFrame();
      }
    }
  }

  private void startFrame(FrameHeader header) {
    frame = header;
    payloadLeft = header.length();
    keptFill = 0;
    int type = header.type();
    if (type == FrameType.HEADERS || type == FrameType.CONTINUATION) {
      kept = headerValues == null || headerValuesLost
          ? null : new byte[Math.min(header.length(), HEADER_BLOCK_BYTES)];
    } else if (type == FrameType.SETTINGS) {
      kept = new byte[Math.min(header.length(), SETTINGS_BYTES)];
    } else if (type == FrameType.WINDOW_UPDATE || type == FrameType.RST_STREAM
        || type == FrameType.GOAWAY) {
      kept = new byte[Math.min(header.length(), DETAIL_BYTES)];
    } else {
      kept = null;
    }
  }

  private void endFrame() {
    FrameHeader h = frame;
    frame = null;
    String details = kept == null ? "" : details(h, Unpooled.wrappedBuffer(kept, 0, keptFill));
    kept = null;
    emit(FrameLog.format(direction, h) + details);
  }

  private String details(FrameHeader h, ByteBuf p) {
    return switch (h.type()) {
      case FrameType.SETTINGS -> h.has(FrameFlags.ACK) ? "" : " " + settings(p);
      case FrameType.WINDOW_UPDATE -> p.readableBytes() < 4 ? ""
          : " increment=" + (p.getInt(0) & 0x7fff_ffff);
      case FrameType.RST_STREAM -> p.readableBytes() < 4 ? ""
          : " error=" + Http2ErrorCode.fromWire(p.getUnsignedInt(0));
      case FrameType.GOAWAY -> p.readableBytes() < 8 ? ""
          : " last_stream=" + (p.getInt(0) & 0x7fff_ffff)
              + " error=" + Http2ErrorCode.fromWire(p.getUnsignedInt(4));
      case FrameType.HEADERS, FrameType.CONTINUATION -> headerBlock(h, p);
      default -> "";
    };
  }

  private static String settings(ByteBuf p) {
    StringJoiner out = new StringJoiner(", ", "{", "}");
    for (int i = 0; i + 6 <= p.writerIndex(); i += 6) {
      int id = p.getUnsignedShort(i);
      out.add(settingName(id) + "=" + p.getUnsignedInt(i + 2));
    }
    return out.toString();
  }

  private static String settingName(int id) {
    return switch (id) {
      case Http2Settings.HEADER_TABLE_SIZE -> "HEADER_TABLE_SIZE";
      case Http2Settings.ENABLE_PUSH -> "ENABLE_PUSH";
      case Http2Settings.MAX_CONCURRENT_STREAMS -> "MAX_CONCURRENT_STREAMS";
      case Http2Settings.INITIAL_WINDOW_SIZE -> "INITIAL_WINDOW_SIZE";
      case Http2Settings.MAX_FRAME_SIZE -> "MAX_FRAME_SIZE";
      case Http2Settings.MAX_HEADER_LIST_SIZE -> "MAX_HEADER_LIST_SIZE";
      default -> String.format("0x%x", id);
    };
  }

  /** Unsafe switch only: adds the fragment to the block, and the fields once it is complete. */
  private String headerBlock(FrameHeader h, ByteBuf p) {
    if (p.readableBytes() < h.length() || (block != null
        && block.size() + p.readableBytes() > HEADER_BLOCK_BYTES)) {
      headerValuesLost = true;
      block = null;
      return " fields=<not shown: header block over " + HEADER_BLOCK_BYTES + " bytes; no more "
          + "values on this connection>";
    }
    ByteBuf fragment = p;
    if (h.type() == FrameType.HEADERS) {
      int start = 0;
      int padding = 0;
      if (h.has(FrameFlags.PADDED) && p.isReadable()) {
        padding = p.getUnsignedByte(0);
        start = 1;
      }
      if (h.has(FrameFlags.PRIORITY)) {
        start += 5;
      }
      int length = p.writerIndex() - start - padding;
      if (length < 0) {
        return " fields=<malformed>";
      }
      block = new ByteArrayOutputStream(length);
      fragment = p.slice(start, length);
    } else if (block == null) {
      return ""; // CONTINUATION without HEADERS: the connection reports that
    }
    byte[] bytes = new byte[fragment.readableBytes()];
    fragment.getBytes(fragment.readerIndex(), bytes);
    block.writeBytes(bytes);
    if (!h.has(FrameFlags.END_HEADERS)) {
      return "";
    }
    ByteBuf whole = Unpooled.wrappedBuffer(block.toByteArray());
    block = null;
    StringJoiner fields = new StringJoiner(", ", " fields={", "}");
    try {
      headerValues.decode(whole, (name, value, sensitive) -> fields.add(name + ": " + value));
      return fields.toString();
    } catch (HeaderListTooLargeException e) {
      return fields + " (incomplete: " + e.getMessage() + ")";
    } catch (HpackException e) {
      headerValuesLost = true; // the table may be off from here on
      return " fields=<not decodable: " + e.getMessage() + "; no more values on this connection>";
    }
  }

  private void emit(String line) {
    log.log(Level.DEBUG, () -> connection + " " + line);
  }
}
