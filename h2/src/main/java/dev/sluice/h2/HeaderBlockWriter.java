package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.h2.hpack.HpackDecoder;
import dev.sluice.h2.hpack.HpackEncoder;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the header blocks we send: HPACK-encodes a field list with the connection's one encoder
 * and writes it as a HEADERS frame, within the peer's SETTINGS_HEADER_TABLE_SIZE and
 * SETTINGS_MAX_HEADER_LIST_SIZE. Runs on the connection's thread only.
 */
final class HeaderBlockWriter {

  private final Http2Connection conn;
  private final HpackEncoder encoder = new HpackEncoder();
  private long peerMaxHeaderListSize = Long.MAX_VALUE;
  /** The fields of the header block being written; see {@link #fields}. */
  private final ArrayList<HeaderField> fields = new ArrayList<>(16);

  HeaderBlockWriter(Http2Connection conn) {
    this.conn = conn;
  }

  /**
   * The list a header block to send is built in, emptied: one per connection, since a block is
   * built and encoded in one go on the connection's thread and nothing keeps the list.
   */
  List<HeaderField> fields() {
    fields.clear();
    return fields;
  }

  /** The peer's SETTINGS: the size of its HPACK table and of the header lists it accepts. */
  void applyPeerSettings(Http2Settings settings) {
    if (settings.has(Http2Settings.HEADER_TABLE_SIZE)) {
      encoder.setMaxTableSize((int) Math.min(settings.get(Http2Settings.HEADER_TABLE_SIZE),
          HpackDecoder.DEFAULT_MAX_TABLE_SIZE));
    }
    if (settings.has(Http2Settings.MAX_HEADER_LIST_SIZE)) {
      peerMaxHeaderListSize = settings.get(Http2Settings.MAX_HEADER_LIST_SIZE);
    }
  }

  /**
   * HPACK-encodes and writes a HEADERS block on stream {@code s}, and moves its state on.
   *
   * @return false when the block was too large for the peer and the stream was cancelled
   */
  boolean write(H2Stream s, List<HeaderField> fields, boolean endStream) {
    long listSize = listSize(fields);
    if (listSize > peerMaxHeaderListSize) {
      conn.closer.cancel(s, Status.RESOURCE_EXHAUSTED.withDescription("Header list of "
          + listSize + " bytes is over the peer's limit of " + peerMaxHeaderListSize + " bytes"));
      return false;
    }
    ByteBuf block = conn.alloc.buffer(256);
    try {
      encoder.encode(fields, block);
      int size = block.readableBytes();
      conn.writer.headers(conn.output.out(), s.id, block, endStream, null, 0);
      s.stats.recordSent(size, 0, 9);
    } finally {
      block.release();
    }
    s.state = s.state.onSendHeaders(endStream);
    conn.pings.onDataSent();
    return true;
  }

  /** True when {@code fields} are within the peer's SETTINGS_MAX_HEADER_LIST_SIZE (§6.5.2). */
  boolean fitsPeer(List<HeaderField> fields) {
    return listSize(fields) <= peerMaxHeaderListSize;
  }

  private static long listSize(List<HeaderField> fields) {
    long size = 0;
    for (int i = 0, n = fields.size(); i < n; i++) {
      HeaderField f = fields.get(i);
      size += f.size();
    }
    return size;
  }

  /** Writes a HEADERS block on a stream that never became a call. */
  void writeWithoutStream(int id, List<HeaderField> fields, boolean endStream) {
    ByteBuf block = conn.alloc.buffer(128);
    try {
      encoder.encode(fields, block);
      conn.writer.headers(conn.output.out(), id, block, endStream, null, 0);
    } finally {
      block.release();
    }
  }
}
