package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parse_everyKindOfValue_readsIt() {
    Object v = Json.parse(" {\"a\": [1, -2.5e3, \"x\\n\\u00e9\\\"\", true, false, null],"
        + " \"b\": {}}\n");

    assertThat(v).isEqualTo(Map.of("a", List.of(new BigDecimal("1"), new BigDecimal("-2.5e3"),
        "x\né\"", true, false, Json.NULL), "b", Map.of()));
  }

  @Test
  void parse_objectMembers_keepDocumentOrder() {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");

    assertThat(m.keySet()).containsExactly("z", "a", "m");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"a\": 1,}                | $     | expected a member name",
      "[1, 2,]                    | $[2]  | unexpected character ']'",
      "{'a': 1}                   | $     | expected a member name",
      "{\"a\": 01}                | $.a   | leading zero",
      "{\"a\": 1} x               | $     | text after the JSON value",
      "{\"a\": tru}               | $.a   | unexpected character 't'",
      "{\"a\": \"x}               | $.a   | unterminated string",
      "{\"a\": 1, \"a\": 2}       | $.a   | duplicate member name 'a'",
      "{\"a\": [1 2]}             | $.a   | expected ',' or ']'",
      "{\"a\": \"\\x\"}           | $.a   | unknown escape",
      "{\"a\": 1.}                | $.a   | no digits after the decimal point",
      "{\"a\": -}                 | $.a   | a '-' without digits",
      "''                         | $     | a value is missing",
      "/* c */ {}                 | $     | unexpected character '/'",
  })
  void parse_malformed_failsWithThePathAndWhat(String text, String path, String what) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOfSatisfying(ServiceConfigException.class, e -> {
          assertThat(e.path()).isEqualTo(path);
          assertThat(e.getMessage()).contains("malformed JSON").contains(what);
        });
  }

  @Test
  void parse_controlCharacterInAString_isRejected() {
    assertThatThrownBy(() -> Json.parse("[\"a\tb\"]"))
        .hasMessageContaining("control character U+0009");
  }

  @Test
  void parse_nestedDeeperThanTheLimit_isRejected() {
    String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);

    assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested more than 64 deep");
    assertThat(Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH))).isNotNull();
  }
}
