package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetadataTest {

  @Test
  void add_repeatedKeys_keepsOrderOfValues() {
    Metadata md = new Metadata().add("a", "1").add("b", "x").add("a", "2");
    assertThat(md.getAll("a")).containsExactly("1", "2");
    assertThat(md.get("a")).isEqualTo("2");
    assertThat(md.keys()).containsExactly("a", "b");
    assertThat(md.size()).isEqualTo(3);
  }

  @Test
  void add_upperCaseKey_isLowerCased() {
    Metadata md = new Metadata().add("X-Trace", "1");
    assertThat(md.get("x-trace")).isEqualTo("1");
    assertThat(md.keys()).containsExactly("x-trace");
  }

  @Test
  void add_invalidKeyCharacter_isRejectedWithReason() {
    assertThatThrownBy(() -> new Metadata().add("bad key", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0-9 a-z _ - .");
    assertThatThrownBy(() -> new Metadata().add(":path", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Metadata().add("", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void add_nonPrintableValue_isRejectedAndPointsAtBin() {
    assertThatThrownBy(() -> new Metadata().add("k", "caf\u00e9"))
        .hasMessageContaining("-bin");
    assertThatThrownBy(() -> new Metadata().add("k", "a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addBinary_requiresBinSuffix_andCopies() {
    byte[] v = {0, (byte) 0xff};
    Metadata md = new Metadata().addBinary("k-bin", v);
    v[0] = 7;
    assertThat(md.getBinary("k-bin")).containsExactly(0, 0xff);
    assertThatThrownBy(() -> new Metadata().addBinary("k", v))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Metadata().add("k-bin", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyValues_areAllowed() {
    Metadata md = new Metadata().add("e", "").addBinary("e-bin", new byte[0]);
    assertThat(md.get("e")).isEmpty();
    assertThat(md.getBinary("e-bin")).isEmpty();
  }

  @Test
  void headerListSize_countsNamePlusValuePlus32_binaryAsBase64() {
    Metadata md = new Metadata().add("ab", "cde").addBinary("x-bin", new byte[] {1, 2, 3, 4});
    // "ab"+"cde"+32 = 37; "x-bin"(5) + base64 of 4 bytes unpadded (6) + 32 = 43
    assertThat(md.headerListSize()).isEqualTo(37 + 43);
  }

  @Test
  void withoutReserved_dropsGrpcAndTransportKeys() {
    Metadata md = new Metadata().add("grpc-status", "0").add("content-type", "x").add("te", "t")
        .add("user", "u");
    assertThat(md.withoutReserved().keys()).containsExactly("user");
    Metadata clean = new Metadata().add("a", "b");
    assertThat(clean.withoutReserved()).isSameAs(clean);
  }

  @Test
  void removeAll_removesEveryValueOfKey() {
    Metadata md = new Metadata().add("a", "1").add("b", "2").add("a", "3");
    assertThat(md.removeAll("a")).isEqualTo(2);
    assertThat(md.keys()).containsExactly("b");
  }

  @Test
  void manyEntries_keepTheirOrderPastEveryGrowth() {
    Metadata md = new Metadata();
    for (int i = 0; i < 40; i++) {
      md.add("k" + (i % 3), "v" + i);
    }
    assertThat(md.size()).isEqualTo(40);
    assertThat(md.getAll("k1")).containsExactly(
        "v1", "v4", "v7", "v10", "v13", "v16", "v19", "v22", "v25", "v28", "v31", "v34", "v37");
    assertThat(md.get("k2")).isEqualTo("v38");
  }

  @Test
  void copy_isIndependentOfTheOriginal() {
    Metadata original = new Metadata().add("a", "1").add("b", "2");
    Metadata copy = new Metadata(original);
    copy.add("c", "3");
    copy.removeAll("a");
    original.add("d", "4");
    assertThat(original.keys()).containsExactly("a", "b", "d");
    assertThat(copy.keys()).containsExactly("b", "c");
  }

  @Test
  void copy_ofEmpty_canGrow() {
    Metadata copy = new Metadata(new Metadata());
    for (int i = 0; i < 10; i++) {
      copy.add("k", Integer.toString(i));
    }
    assertThat(copy.getAll("k")).hasSize(10);
  }

  @Test
  void removeAll_interleaved_keepsTheOthersInOrder() {
    Metadata md = new Metadata().add("x", "1").add("y", "2").add("x", "3").add("z", "4")
        .add("x", "5");
    assertThat(md.removeAll("X")).isEqualTo(3);
    assertThat(md.entries()).extracting(Metadata.Entry::key).containsExactly("y", "z");
    assertThat(md.containsKey("x")).isFalse();
    md.add("x", "6");
    assertThat(md.getAll("x")).containsExactly("6");
  }

  @Test
  void forEach_visitsEveryEntryInOrder_binaryAsBytes() {
    Metadata md = new Metadata().add("a", "1").addBinary("b-bin", new byte[] {7}).add("a", "2");
    StringBuilder seen = new StringBuilder();
    md.forEach((k, v) -> seen.append(k).append('=')
        .append(v instanceof byte[] b ? "bytes" + b.length : v).append(';'));
    assertThat(seen).hasToString("a=1;b-bin=bytes1;a=2;");
  }

  @Test
  void addAll_appendsInOrder() {
    Metadata md = new Metadata().add("a", "1");
    md.addAll(new Metadata().add("b", "2").add("a", "3"));
    assertThat(md.getAll("a")).containsExactly("1", "3");
    assertThat(md.keys()).containsExactly("a", "b");
  }
}
