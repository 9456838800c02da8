package dev.sluice.h2.hpack;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * Encodes header lists into HPACK header blocks (RFC 7541) sent on one HTTP/2 connection.
 *
 * <p>One instance per connection, holding the encoding side's dynamic table; blocks must be sent
 * in the order they were encoded. Not thread-safe: call it from the connection's thread only.
 *
 * <p>Policy, per field:
 *
 * <ol>
 *   <li>sensitive fields are never-indexed literals (§6.2.3), reusing an indexed name if any;
 *   <li>an exact match in the static, then the dynamic table is sent as an index (§6.1);
 *   <li>a field larger than {@code maxIndexedEntrySize} or the table capacity is a literal without
 *       indexing (§6.2.2), so one big value does not flush the whole table;
 *   <li>anything else is a literal with incremental indexing (§6.2.1).
 * </ol>
 *
 * <p>Strings are Huffman-coded only when that is strictly shorter (and Huffman is enabled).
 */
public final class HpackEncoder {

  /** Fields above this size are not indexed by default: a quarter of the default 4096 table. */
  public static final int DEFAULT_MAX_INDEXED_ENTRY_SIZE = 1024;

  private final DynamicTable table;
  private final long maxIndexedEntrySize;
  private final boolean huffman;
  /** Smallest and latest peer setting since the last block; -1 when there was no change. */
  private long pendingMinSize = -1;
  private long pendingFinalSize = -1;

  /** An encoder for a new connection: table 4096, default indexing policy, Huffman on. */
  public HpackEncoder() {
    this(HpackDecoder.DEFAULT_MAX_TABLE_SIZE, DEFAULT_MAX_INDEXED_ENTRY_SIZE, true);
  }

  /**
   * Creates an encoder.
   *
   * @param initialTableSize the peer's table size both sides start from without any size update
   *     (4096 in HTTP/2, RFC 9113 §6.5.2)
   * @param maxIndexedEntrySize fields whose size (name + value + 32) is above this are never added
   *     to the dynamic table
   * @param huffman whether strings may be Huffman-coded
   */
  public HpackEncoder(int initialTableSize, int maxIndexedEntrySize, boolean huffman) {
    if (initialTableSize < 0) {
      throw new IllegalArgumentException("initialTableSize < 0: " + initialTableSize);
    }
    this.table = new DynamicTable(initialTableSize);
    this.maxIndexedEntrySize = maxIndexedEntrySize;
    this.huffman = huffman;
  }

  /**
   * Applies the peer's SETTINGS_HEADER_TABLE_SIZE. The next block starts with the dynamic table
   * size update(s) RFC 7541 §4.2 requires: the smallest value set since the previous block, then
   * the latest if it is larger.
   */
  public void setMaxTableSize(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
    pendingMinSize = pendingMinSize < 0 ? size : Math.min(pendingMinSize, size);
    pendingFinalSize = size;
  }

  /** The encoding dynamic table, for inspection; callers must not modify it. */
  public DynamicTable table() {
    return table;
  }

  /**
   * Appends one header block encoding {@code headers}, in order, to {@code out}.
   *
   * @throws IllegalArgumentException if a name or value has a char above 0xFF; checked before
   *     anything is written, so the table and {@code out} are then unchanged
   */
  public void encode(List<HeaderField> headers, ByteBuf out) {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(out, "out");
    for (int i = 0, n = headers.size(); i < n; i++) {
      HeaderField f = headers.get(i);
      HpackString.requireLatin1(f.name());
      HpackString.requireLatin1(f.value());
    }
    writePendingSizeUpdates(out);
    for (int i = 0, n = headers.size(); i < n; i++) {
      HeaderField f = headers.get(i);
      encodeField(f, out);
    }
  }

  private void writePendingSizeUpdates(ByteBuf out) {
    if (pendingFinalSize < 0) {
      return;
    }
    if (pendingMinSize < pendingFinalSize) {
      writeSizeUpdate(pendingMinSize, out);
    }
    writeSizeUpdate(pendingFinalSize, out);
    pendingMinSize = -1;
    pendingFinalSize = -1;
  }

  private void writeSizeUpdate(long size, ByteBuf out) {
    HpackInteger.encode(out, 0x20, 5, (int) size);
    table.setCapacity(size);
  }

  private void encodeField(HeaderField f, ByteBuf out) {
    String name = f.name();
    String value = f.value();
    if (f.sensitive()) {
      writeLiteral(0x10, 4, nameIndex(name), name, value, out);
      return;
    }
    int index = StaticTable.indexOf(name, value);
    if (index < 0) {
      int dynamic = table.indexOf(name, value);
      index = dynamic < 0 ? -1 : StaticTable.LENGTH + dynamic;
    }
    if (index > 0) {
      HpackInteger.encode(out, 0x80, 7, index);
      return;
    }
    long size = f.size();
    if (size > maxIndexedEntrySize || size > table.capacity()) {
      writeLiteral(0x00, 4, nameIndex(name), name, value, out);
      return;
    }
    // Look the name up before adding: adding may evict the entry the index points to.
    writeLiteral(0x40, 6, nameIndex(name), name, value, out);
    table.add(name, value);
  }

  private int nameIndex(String name) {
    int index = StaticTable.indexOfName(name);
    if (index > 0) {
      return index;
    }
    int dynamic = table.indexOfName(name);
    return dynamic < 0 ? 0 : StaticTable.LENGTH + dynamic;
  }

  private void writeLiteral(
      int pattern, int prefixBits, int nameIndex, String name, String value, ByteBuf out) {
    HpackInteger.encode(out, pattern, prefixBits, nameIndex);
    if (nameIndex == 0) {
      HpackString.encode(out, name, huffman);
    }
    HpackString.encode(out, value, huffman);
  }
}
