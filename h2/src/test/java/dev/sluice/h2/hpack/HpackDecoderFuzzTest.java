package dev.sluice.h2.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * Hostile header blocks for the {@link HpackDecoder}: up to four consecutive blocks on one
 * decoder, with our SETTINGS_HEADER_TABLE_SIZE changing between them. On every input:
 *
 * <ul>
 *   <li>{@link HpackDecoder#decode} returns, or throws {@link HeaderListTooLargeException} (the
 *       stream's problem: the block was still read to its end, so the table stays in sync, and
 *       the fields delivered before the limit fit in it) or {@link HpackException} (the
 *       connection's: the decoder is not used again). Nothing else escapes;
 *   <li>the header list delivered never exceeds SETTINGS_MAX_HEADER_LIST_SIZE (name + value + 32
 *       per field, RFC 9113 §6.5.2), and every name and value is ISO-8859-1;
 *   <li>the dynamic table never holds more than its capacity, its capacity never exceeds the
 *       largest setting we gave, and after any non-empty block decoded it is within the current
 *       setting (RFC 7541 §4.2: a lowered setting must be acknowledged by a size update);
 *   <li>the block buffer is neither released nor retained by the decoder.
 * </ul>
 *
 * <p>Fuzz input layout, as {@link FuzzedDataProvider} reads it from the end: two bytes for the
 * initial table size (0 to 4096), two for the header list limit (0 to 8192), one for the number
 * of blocks (1 + b % 4); then per block, one byte whose low bit says whether a new table size
 * (two more bytes, 0 to 4096) is applied before it, and for every block but the last one byte for
 * its length. The blocks themselves are the bytes in front, in order; the last takes the rest.
 * Seeds (RFC 7541 Appendix C, malformations, limits) are in
 * {@code HpackDecoderFuzzTestInputs/<method>/}; run longer with {@code bin/fuzz hpack-decoder}.
 */
class HpackDecoderFuzzTest {

  private static final int MAX_TABLE_SIZE = 4096;

  @FuzzTest
  void decode_anyBlocksAnySettings_typedErrorsOnlyAndLimitsHold(FuzzedDataProvider data) {
    int tableSetting = data.consumeInt(0, MAX_TABLE_SIZE);
    int maxListSize = data.consumeInt(0, 8192);
    HpackDecoder decoder = new HpackDecoder(tableSetting, maxListSize);
    int largestSetting = tableSetting;
    UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
    for (int blocks = data.consumeInt(1, 4); blocks > 0; blocks--) {
      if (data.consumeBoolean()) {
        tableSetting = data.consumeInt(0, MAX_TABLE_SIZE);
        largestSetting = Math.max(largestSetting, tableSetting);
        decoder.setMaxTableSize(tableSetting);
      }
      byte[] bytes = blocks > 1
          ? data.consumeBytes(data.consumeInt(0, 255)) : data.consumeRemainingAsBytes();
      ByteBuf block = alloc.heapBuffer(bytes.length).writeBytes(bytes);
      ListSizeListener listener = new ListSizeListener();
      boolean connectionError = false;
      try {
        decoder.decode(block, listener);
        assertThat(block.isReadable()).as("block bytes left undecoded").isFalse();
      } catch (HeaderListTooLargeException e) {
        assertThat(block.isReadable()).as("a too-large list must still be read whole").isFalse();
        assertThat(e.limit()).isEqualTo(maxListSize);
      } catch (HpackException e) {
        assertThat(e.getMessage()).isNotBlank();
        connectionError = true;
      } finally {
        assertThat(block.refCnt()).as("block references after decode").isEqualTo(1);
        block.release();
      }
      assertThat(listener.listSize).as("header list size delivered").isLessThanOrEqualTo(maxListSize);
      DynamicTable table = decoder.table();
      assertThat(table.size()).isLessThanOrEqualTo(table.capacity());
      assertThat(table.capacity()).isLessThanOrEqualTo(largestSetting);
      if (connectionError) {
        break;
      }
      if (bytes.length > 0) {
        assertThat(table.capacity()).as("capacity after a block").isLessThanOrEqualTo(tableSetting);
      }
    }
    assertThat(alloc.metric().usedHeapMemory()).isZero();
  }

  /** Sums the list size as RFC 9113 §6.5.2 counts it, and checks the octet range. */
  private static final class ListSizeListener implements HeaderListener {
    long listSize;

    @Override
    public void onHeader(String name, String value, boolean sensitive) {
      assertLatin1(name);
      assertLatin1(value);
      listSize += name.length() + value.length() + HeaderField.ENTRY_OVERHEAD;
    }

    private static void assertLatin1(String s) {
      for (int i = 0; i < s.length(); i++) {
        assertThat((int) s.charAt(i)).as("octet as char").isLessThanOrEqualTo(0xFF);
      }
    }
  }
}
