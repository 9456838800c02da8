package dev.sluice.h2.hpack;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Decodes HPACK header blocks (RFC 7541) received on one HTTP/2 connection.
 *
 * <p>One instance per connection, holding the decoding side's dynamic table; blocks must be
 * decoded in the order they arrive on the connection, whole (HEADERS plus its CONTINUATION
 * fragments joined). Not thread-safe: call it from the connection's thread only.
 *
 * <p>Outcomes of {@link #decode}:
 *
 * <ul>
 *   <li>normal return: every field went to the listener;
 *   <li>{@link HeaderListTooLargeException}: the block was valid and fully decoded, the table is in
 *       sync, but the list exceeded the max header list size; reject that stream only;
 *   <li>{@link HpackException}: COMPRESSION_ERROR, end the connection; this decoder is now unusable.
 * </ul>
 */
public final class HpackDecoder {

  /** SETTINGS_HEADER_TABLE_SIZE's initial value (RFC 9113 §6.5.2). */
  public static final int DEFAULT_MAX_TABLE_SIZE = 4096;

  /** A header list limit in line with other gRPC stacks. */
  public static final int DEFAULT_MAX_HEADER_LIST_SIZE = 8192;

  private final DynamicTable table;
  private final long maxHeaderListSize;
  /** Our SETTINGS_HEADER_TABLE_SIZE: the largest size update the peer may send. */
  private int maxTableSize;
  /** Our setting went below the table's capacity, so the next block must start with an update. */
  private boolean sizeUpdateRequired;

  /** A decoder with the default limits (table 4096, header list 8192). */
  public HpackDecoder() {
    this(DEFAULT_MAX_TABLE_SIZE, DEFAULT_MAX_HEADER_LIST_SIZE);
  }

  /**
   * Creates a decoder.
   *
   * @param maxTableSize the SETTINGS_HEADER_TABLE_SIZE in force; the table starts at this capacity
   *     (on a new HTTP/2 connection that is 4096 until our SETTINGS is acknowledged)
   * @param maxHeaderListSize our SETTINGS_MAX_HEADER_LIST_SIZE, name + value + 32 per field
   */
  public HpackDecoder(int maxTableSize, long maxHeaderListSize) {
    if (maxTableSize < 0) {
      throw new IllegalArgumentException("maxTableSize < 0: " + maxTableSize);
    }
    if (maxHeaderListSize < 0) {
      throw new IllegalArgumentException("maxHeaderListSize < 0: " + maxHeaderListSize);
    }
    this.maxTableSize = maxTableSize;
    this.maxHeaderListSize = maxHeaderListSize;
    this.table = new DynamicTable(maxTableSize);
  }

  /**
   * Applies a new SETTINGS_HEADER_TABLE_SIZE of ours, once the peer has acknowledged it. If it is
   * below the table's current capacity, the peer's next block must begin with a dynamic table size
   * update no larger than it (RFC 7541 §4.2), or decoding fails.
   */
  public void setMaxTableSize(int maxTableSize) {
    if (maxTableSize < 0) {
      throw new IllegalArgumentException("maxTableSize < 0: " + maxTableSize);
    }
    this.maxTableSize = maxTableSize;
    if (maxTableSize < table.capacity()) {
      sizeUpdateRequired = true;
    }
  }

  /** The decoding dynamic table, for inspection; callers must not modify it. */
  public DynamicTable table() {
    return table;
  }

  /**
   * Decodes one complete header block, consuming all readable bytes of {@code block}, and passes
   * each field to {@code listener}.
   *
   * @throws HeaderListTooLargeException after the whole block was decoded, if the header list was
   *     larger than the limit; fields past the limit were not delivered (stream-scoped)
   * @throws HpackException if the block is malformed (COMPRESSION_ERROR, connection-scoped)
   */
  public void decode(ByteBuf block, HeaderListener listener)
      throws HpackException, HeaderListTooLargeException {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(listener, "listener");
    BlockDecoder d = spare;
    spare = null; // a listener that decodes another block meanwhile gets a fresh decoder
    if (d == null) {
      d = new BlockDecoder();
    }
    try {
      d.start(block, listener);
      d.run();
    } finally {
      d.start(null, null);
      spare = d;
    }
  }

  /** A block decoder to reuse: one per connection direction serves every block. */
  private BlockDecoder spare;

  /**
   * The state of decoding one block, kept apart from the table's and reset at the start of each
   * block, so nothing of one block leaks into the next.
   */
  private final class BlockDecoder {
    private ByteBuf in;
    private HeaderListener listener;
    private long listSize;
    private boolean tooLarge;
    private boolean fieldSeen;

    void start(ByteBuf in, HeaderListener listener) {
      this.in = in;
      this.listener = listener;
      this.listSize = 0;
      this.tooLarge = false;
      this.fieldSeen = false;
    }

    /**
     * No string longer than this is ever materialised. A longer one makes the list too large
     * whatever else happens, and being longer than the table capacity too, indexing it would just
     * empty the table, so its octets are never needed. Read per string because a size update at
     * the start of the block may change the capacity.
     */
    private int maxStringLength() {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(maxHeaderListSize, table.capacity()));
    }

    void run() throws HpackException, HeaderListTooLargeException {
      while (in.isReadable()) {
        int b = in.getUnsignedByte(in.readerIndex());
        if ((b & 0x80) != 0) {
          indexed();
        } else if ((b & 0x40) != 0) {
          literal(6, Indexing.INCREMENTAL);
        } else if ((b & 0x20) != 0) {
          sizeUpdate();
        } else if ((b & 0x10) != 0) {
          literal(4, Indexing.NEVER);
        } else {
          literal(4, Indexing.NONE);
        }
      }
      if (tooLarge) {
        throw new HeaderListTooLargeException(maxHeaderListSize);
      }
    }

    private void indexed() throws HpackException {
      startField();
      int index = HpackInteger.decode(in, 7);
      if (index == 0) {
        throw new HpackException("indexed header field with index 0 (RFC 7541 §6.1)");
      }
      HeaderField f = lookup(index);
      if (count(f.name(), f.value())) {
        listener.onIndexedField(f);
      }
    }

    private void literal(int prefixBits, Indexing indexing) throws HpackException {
      startField();
      int index = HpackInteger.decode(in, prefixBits);
      String name = index == 0 ? HpackString.decode(in, maxStringLength()) : lookup(index).name();
      String value = HpackString.decode(in, maxStringLength());
      if (name == null || value == null) {
        // Skipped as longer than both the list limit and the table capacity (see constructor).
        tooLarge = true;
        if (indexing == Indexing.INCREMENTAL) {
          table.clear();
        }
        return;
      }
      if (indexing == Indexing.INCREMENTAL) {
        table.add(name, value);
      }
      emit(name, value, indexing == Indexing.NEVER);
    }

    private void sizeUpdate() throws HpackException {
      if (fieldSeen) {
        throw new HpackException(
            "dynamic table size update after a header field (RFC 7541 §4.2)");
      }
      int size = HpackInteger.decode(in, 5);
      if (size > maxTableSize) {
        throw new HpackException("dynamic table size update to " + size
            + " exceeds SETTINGS_HEADER_TABLE_SIZE " + maxTableSize + " (RFC 7541 §6.3)");
      }
      table.setCapacity(size);
      sizeUpdateRequired = false;
    }

    private void startField() throws HpackException {
      if (sizeUpdateRequired) {
        throw new HpackException(
            "block does not start with the required dynamic table size update (RFC 7541 §4.2)");
      }
      fieldSeen = true;
    }

    private HeaderField lookup(int index) throws HpackException {
      if (index <= StaticTable.LENGTH) {
        return StaticTable.get(index);
      }
      int dynamicIndex = index - StaticTable.LENGTH;
      if (dynamicIndex > table.length()) {
        throw new HpackException("index " + index + " is past the static and dynamic tables ("
            + (StaticTable.LENGTH + table.length()) + " entries) (RFC 7541 §2.3.3)");
      }
      return table.get(dynamicIndex);
    }

    private void emit(String name, String value, boolean sensitive) {
      if (count(name, value)) {
        listener.onHeader(name, value, sensitive);
      }
    }

    /** Adds a field to the list's size; false when it must not be delivered. */
    private boolean count(String name, String value) {
      if (tooLarge) {
        return false;
      }
      listSize += HeaderField.sizeOf(name, value);
      if (listSize > maxHeaderListSize) {
        // Keep decoding so the table stays in sync (the gRPC core CVE-2023-32731 lesson), but
        // deliver nothing more: the stream will be rejected anyway.
        tooLarge = true;
        return false;
      }
      return true;
    }
  }

  /** How a literal representation affects the dynamic table (RFC 7541 §6.2). */
  private enum Indexing {
    INCREMENTAL,
    NONE,
    NEVER
  }
}
