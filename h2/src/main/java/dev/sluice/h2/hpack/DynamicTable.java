package dev.sluice.h2.hpack;

import java.util.Arrays;

/**
 * The dynamic table of RFC 7541 §2.3.2 and §4: a FIFO of fields, newest at index 1, whose size
 * (sum of name + value + 32 over its entries, §4.1) never exceeds its capacity.
 *
 * <p>A ring buffer: adding is O(1) amortised and evicts the oldest entries first (§4.4). Not
 * thread-safe; each encoder and decoder owns one.
 */
public final class DynamicTable {

  private HeaderField[] ring = new HeaderField[8];
  /** Slot the next entry goes into. */
  private int next;
  private int count;
  private long size;
  private long capacity;

  /**
   * Creates an empty table.
   *
   * @param capacity maximum size in octets, as RFC 7541 §4.1 counts it
   */
  public DynamicTable(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity < 0: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Number of entries. */
  public int length() {
    return count;
  }

  /** Current size in octets: name + value + 32 summed over entries. */
  public long size() {
    return size;
  }

  /** Maximum size in octets. */
  public long capacity() {
    return capacity;
  }

  /**
   * Returns the entry at {@code index}, where 1 is the newest.
   *
   * @throws IndexOutOfBoundsException if there is no such entry
   */
  public HeaderField get(int index) {
    if (index < 1 || index > count) {
      throw new IndexOutOfBoundsException("dynamic index " + index + " of " + count);
    }
    return ring[slot(index)];
  }

  /**
   * Adds a field as the newest entry, evicting the oldest ones until it fits. A field larger than
   * the capacity empties the table and is not added (RFC 7541 §4.4).
   */
  public void add(String name, String value) {
    long entrySize = HeaderField.sizeOf(name, value);
    evictUntil(capacity - entrySize);
    if (entrySize > capacity) {
      return;
    }
    if (count == ring.length) {
      grow();
    }
    ring[next] = HeaderField.of(name, value);
    next = (next + 1) % ring.length;
    count++;
    size += entrySize;
  }

  /** Changes the capacity, evicting the oldest entries if the table no longer fits (§4.3). */
  public void setCapacity(long newCapacity) {
    if (newCapacity < 0) {
      throw new IllegalArgumentException("capacity < 0: " + newCapacity);
    }
    capacity = newCapacity;
    evictUntil(newCapacity);
  }

  /**
   * Empties the table, which is what adding an entry larger than the capacity does (RFC 7541
   * §4.4); used when that entry's strings were too long to be worth reading.
   */
  public void clear() {
    evictUntil(0);
  }

  /** Index (1 = newest) of the newest entry equal to (name, value), or -1. */
  public int indexOf(String name, String value) {
    for (int i = 1; i <= count; i++) {
      HeaderField f = ring[slot(i)];
      if (f.name().equals(name) && f.value().equals(value)) {
        return i;
      }
    }
    return -1;
  }

  /** Index (1 = newest) of the newest entry named {@code name}, or -1. */
  public int indexOfName(String name) {
    for (int i = 1; i <= count; i++) {
      if (ring[slot(i)].name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private void evictUntil(long targetSize) {
    while (count > 0 && size > targetSize) {
      int oldest = slot(count);
      size -= ring[oldest].size();
      ring[oldest] = null;
      count--;
    }
  }

  private int slot(int index) {
    // index 1 is the slot just before next
    int s = next - index;
    return s < 0 ? s + ring.length : s;
  }

  private void grow() {
    // Unroll the ring oldest-first into a bigger array so slot arithmetic stays simple.
    HeaderField[] bigger = new HeaderField[ring.length * 2];
    for (int i = 0; i < count; i++) {
      bigger[i] = ring[slot(count - i)];
    }
    Arrays.fill(ring, null);
    ring = bigger;
    next = count;
  }
}
