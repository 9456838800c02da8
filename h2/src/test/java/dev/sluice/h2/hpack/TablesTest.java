package dev.sluice.h2.hpack;

import static dev.sluice.h2.hpack.HeaderField.of;
import static dev.sluice.h2.hpack.TableAssert.assertTable;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** The static table (checked against Netty's copy) and the dynamic table's ring and eviction. */
class TablesTest {

  @Test
  void staticTable_everyEntry_matchesNettysCopy() throws Exception {
    Class<?> netty = Class.forName("io.netty.handler.codec.http2.HpackStaticTable");
    Method getEntry = netty.getDeclaredMethod("getEntry", int.class);
    getEntry.setAccessible(true);
    for (int i = 1; i <= StaticTable.LENGTH; i++) {
      Object entry = getEntry.invoke(null, i);
      assertThat(StaticTable.get(i).name()).isEqualTo(field(entry, "name"));
      assertThat(StaticTable.get(i).value()).isEqualTo(field(entry, "value"));
    }
  }

  @Test
  void staticTable_lookups_findLowestIndex() {
    assertThat(StaticTable.indexOf(":method", "POST")).isEqualTo(3);
    assertThat(StaticTable.indexOfName(":status")).isEqualTo(8);
    assertThat(StaticTable.indexOf(":status", "418")).isEqualTo(-1);
    assertThat(StaticTable.indexOfName("grpc-status")).isEqualTo(-1);
  }

  @Test
  void dynamicTable_add_newestIsIndexOne() {
    DynamicTable t = new DynamicTable(4096);
    t.add("a", "1");
    t.add("b", "2");
    assertTable(t, 68, of("b", "2"), of("a", "1"));
  }

  @Test
  void dynamicTable_addPastCapacity_evictsOldestFirst() {
    DynamicTable t = new DynamicTable(100); // room for 2 entries of 34
    t.add("a", "1");
    t.add("b", "2");
    t.add("c", "3");
    assertTable(t, 68, of("c", "3"), of("b", "2"));
  }

  @Test
  void dynamicTable_entryLargerThanCapacity_emptiesTable() {
    DynamicTable t = new DynamicTable(64);
    t.add("a", "1");
    t.add("big", "x".repeat(40));
    assertTable(t, 0);
  }

  @Test
  void dynamicTable_entryExactlyCapacity_fits() {
    DynamicTable t = new DynamicTable(34);
    t.add("a", "1");
    t.add("b", "2");
    assertTable(t, 34, of("b", "2"));
  }

  @Test
  void dynamicTable_shrinkCapacity_evictsUntilFits() {
    DynamicTable t = new DynamicTable(4096);
    t.add("a", "1");
    t.add("b", "2");
    t.add("c", "3");
    t.setCapacity(70);
    assertTable(t, 68, of("c", "3"), of("b", "2"));
    t.setCapacity(0);
    assertTable(t, 0);
  }

  @Test
  void dynamicTable_manyAddsAcrossGrowthAndWrap_keepsOrder() {
    DynamicTable t = new DynamicTable(34 * 20);
    for (int i = 0; i < 1000; i++) {
      t.add("n", String.valueOf((char) ('A' + i % 26)));
      assertThat(t.length()).isEqualTo(Math.min(i + 1, 20));
      assertThat(t.get(1).value()).isEqualTo(String.valueOf((char) ('A' + i % 26)));
    }
    assertThat(t.get(20).value()).isEqualTo(String.valueOf((char) ('A' + 980 % 26)));
    assertThat(t.indexOf("n", String.valueOf((char) ('A' + 999 % 26)))).isEqualTo(1);
    assertThat(t.indexOfName("n")).isEqualTo(1);
    assertThat(t.indexOfName("m")).isEqualTo(-1);
  }

  private static String field(Object entry, String name) throws Exception {
    Field f = entry.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(entry).toString();
  }
}
