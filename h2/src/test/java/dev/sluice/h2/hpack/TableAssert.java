package dev.sluice.h2.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Asserts a dynamic table's entries (newest first) and size, as Appendix C lists them. */
final class TableAssert {
  private TableAssert() {}

  static void assertTable(DynamicTable table, long size, HeaderField... newestFirst) {
    List<HeaderField> actual = new ArrayList<>();
    for (int i = 1; i <= table.length(); i++) {
      actual.add(table.get(i));
    }
    assertThat(actual).containsExactly(newestFirst);
    assertThat(table.size()).isEqualTo(size);
  }
}
