package dev.sluice.h2.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.h2.hpack.HeaderField;
import org.junit.jupiter.api.Test;

class FieldCacheTest {

  @Test
  void sameNameAndValue_isTheSameField() {
    FieldCache cache = new FieldCache(4);
    HeaderField first = cache.get(":path", "/a.B/C");
    assertThat(cache.get(":path", "/a.B/C")).isSameAs(first)
        .isEqualTo(HeaderField.of(":path", "/a.B/C"));
    assertThat(cache.get(":authority", "/a.B/C")).isNotSameAs(first);
  }

  @Test
  void pastCapacity_newValuesAreCorrectButNotKept() {
    FieldCache cache = new FieldCache(2);
    HeaderField a = cache.get(":path", "/a");
    cache.get(":path", "/b");
    HeaderField c1 = cache.get(":path", "/c");
    HeaderField c2 = cache.get(":path", "/c");
    assertThat(c1).isEqualTo(c2).isEqualTo(HeaderField.of(":path", "/c")).isNotSameAs(c2);
    assertThat(cache.get(":path", "/a")).isSameAs(a);
  }
}
