package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Status;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceConfigTest {

  private static final String RETRY = "\"retryPolicy\": {\"maxAttempts\": 4,"
      + " \"initialBackoff\": \"0.1s\", \"maxBackoff\": \"1s\", \"backoffMultiplier\": 2,"
      + " \"retryableStatusCodes\": [\"UNAVAILABLE\", 4, \"aborted\"]}";

  @Test
  void parse_fullConfig_readsEveryField() {
    ServiceConfig c = ServiceConfig.parse("{"
        + "\"loadBalancingConfig\": [{\"weighted_target_unknown\": {}}, {\"round_robin\": {}}],"
        + "\"methodConfig\": [{\"name\": [{\"service\": \"pkg.Svc\", \"method\": \"Foo\"}],"
        + "  \"waitForReady\": true, \"timeout\": \"1.5s\", \"maxRequestMessageBytes\": 1024,"
        + "  \"maxResponseMessageBytes\": \"4194304\", " + RETRY + "}],"
        + "\"retryThrottling\": {\"maxTokens\": 10, \"tokenRatio\": 0.1},"
        + "\"healthCheckConfig\": {\"serviceName\": \"health\"},"
        + "\"someFutureField\": {\"ignored\": [1]}}");

    MethodConfig m = c.forMethod("pkg.Svc/Foo");
    assertThat(m.timeoutNanos()).isEqualTo(1_500_000_000L);
    assertThat(m.waitForReady()).isTrue();
    assertThat(m.maxRequestMessageBytes()).isEqualTo(1024);
    assertThat(m.maxResponseMessageBytes()).isEqualTo(4194304);
    assertThat(m.retryPolicy()).isEqualTo(new RetryPolicy(4, 100_000_000L, 1_000_000_000L, 2.0,
        Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED)));
    assertThat(c.loadBalancingPolicy()).isEqualTo("round_robin");
    assertThat(c.retryThrottling()).isEqualTo(new RetryThrottling(10, 0.1));
    assertThat(c.healthCheckServiceName()).isEqualTo("health");
  }

  @Test
  void forMethod_methodOverServiceOverDefault_withoutMerging() {
    ServiceConfig c = ServiceConfig.parse("{\"methodConfig\": ["
        + "{\"name\": [{}], \"timeout\": \"3s\"},"
        + "{\"name\": [{\"service\": \"pkg.Svc\"}], \"waitForReady\": true},"
        + "{\"name\": [{\"service\": \"pkg.Svc\", \"method\": \"Foo\"}], \"timeout\": \"1s\"}]}");

    assertThat(c.forMethod("pkg.Svc/Foo").timeoutNanos()).isEqualTo(1_000_000_000L);
    assertThat(c.forMethod("pkg.Svc/Foo").waitForReady()).isNull();
    assertThat(c.forMethod("pkg.Svc/Bar").waitForReady()).isTrue();
    assertThat(c.forMethod("pkg.Svc/Bar").timeoutNanos()).isNull();
    assertThat(c.forMethod("pkg.Other/Foo").timeoutNanos()).isEqualTo(3_000_000_000L);
    assertThat(c.forMethod("pkg.svc/Foo").timeoutNanos()).as("case-sensitive")
        .isEqualTo(3_000_000_000L);
  }

  @Test
  void parse_methodConfigWithoutNames_isSkipped() {
    ServiceConfig c = ServiceConfig.parse("{\"methodConfig\": [{\"timeout\": \"1s\"},"
        + " {\"name\": [], \"timeout\": \"2s\"}]}");

    assertThat(c.hasMethodConfigs()).isFalse();
    assertThat(c.forMethod("a.B/C")).isNull();
  }

  @Test
  void parse_maxAttemptsOverFive_isClampedToFive() {
    ServiceConfig c = ServiceConfig.parse("{\"methodConfig\": [{\"name\": [{}],"
        + RETRY.replace("\"maxAttempts\": 4", "\"maxAttempts\": 9") + "}]}");

    assertThat(c.forMethod("a.B/C").retryPolicy().maxAttempts()).isEqualTo(5);
  }

  @Test
  void parse_hedgingPolicy_readsItWithDefaults() {
    ServiceConfig c = ServiceConfig.parse("{\"methodConfig\": [{\"name\": [{}],"
        + " \"hedgingPolicy\": {\"maxAttempts\": 3}}]}");

    assertThat(c.forMethod("a.B/C").hedgingPolicy())
        .isEqualTo(new HedgingPolicy(3, 0, Set.of()));
  }

  @Test
  void loadBalancingPolicy_deprecatedField_isUsedCaseInsensitively() {
    assertThat(ServiceConfig.parse("{\"loadBalancingPolicy\": \"ROUND_ROBIN\"}")
        .loadBalancingPolicy()).isEqualTo("round_robin");
    assertThat(ServiceConfig.parse("{\"loadBalancingConfig\": [{\"pick_first\":"
        + " {\"shuffleAddressList\": true}}]}").loadBalancingConfig())
        .isEqualTo(Map.of("shuffleAddressList", true));
  }

  @Test
  void parse_sameJsonTwice_givesEqualConfigs() {
    String json = "{\"methodConfig\": [{\"name\": [{}], " + RETRY + "}]}";

    assertThat(ServiceConfig.parse(json)).isEqualTo(ServiceConfig.parse(json));
  }

  @Test
  void backoff_growsByTheMultiplier_upToTheMax() {
    RetryPolicy p = new RetryPolicy(5, 100, 1000, 3, Set.of(Status.Code.UNAVAILABLE));

    assertThat(p.backoffNanos(1)).isEqualTo(100);
    assertThat(p.backoffNanos(2)).isEqualTo(300);
    assertThat(p.backoffNanos(3)).isEqualTo(900);
    assertThat(p.backoffNanos(4)).isEqualTo(1000);
  }

  /** A valid retry policy with one field replaced. */
  private static String withPolicyField(String field, String value) {
    Map<String, String> f = new java.util.LinkedHashMap<>(Map.of("maxAttempts", "2",
        "initialBackoff", "\"1s\"", "maxBackoff", "\"1s\"", "backoffMultiplier", "1",
        "retryableStatusCodes", "[14]"));
    f.put(field, value);
    StringBuilder sb = new StringBuilder("{\"methodConfig\": [{\"name\": [{}], \"retryPolicy\": {");
    f.forEach((k, v) -> sb.append('"').append(k).append("\": ").append(v).append(", "));
    sb.setLength(sb.length() - 2);
    return sb.append("}}]}").toString();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "initialBackoff       | \"0s\"   | .initialBackoff | greater than 0s",
      "maxBackoff           | \"1\"    | .maxBackoff | must be a duration",
      "backoffMultiplier    | 0          | .backoffMultiplier | greater than 0",
      "retryableStatusCodes | []         | .retryableStatusCodes | at least one",
      "retryableStatusCodes | [\"OK\"] | .retryableStatusCodes | OK cannot be retried",
      "retryableStatusCodes | [\"NOPE\"] | .retryableStatusCodes[0] | unknown status code",
      "retryableStatusCodes | [17]       | .retryableStatusCodes[0] | unknown status code 17",
      "maxAttempts          | 2.5        | .maxAttempts | whole number",
  })
  void parse_invalidRetryPolicyField_failsNamingThePath(String field, String value, String at,
      String what) {
    String path = "$.methodConfig[0].retryPolicy" + at;

    assertThatThrownBy(() -> ServiceConfig.parse(withPolicyField(field, value)))
        .isInstanceOfSatisfying(ServiceConfigException.class, e -> {
          assertThat(e.path()).isEqualTo(path);
          assertThat(e.getMessage()).contains(what);
        });
  }

  @Test
  void parse_retryAndHedgingPolicy_isInvalid() {
    assertThatThrownBy(() -> ServiceConfig.parse(withPolicyField("maxAttempts", "2")
        .replace("}}]}", "}, \"hedgingPolicy\": {\"maxAttempts\": 2}}]}")))
        .hasMessage("Invalid service config at $.methodConfig[0]: a methodConfig has a"
            + " retryPolicy or a hedgingPolicy, not both");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[]                                                   | $ | must be a JSON object",
      "{\"methodConfig\": {}}"
          + " | $.methodConfig | must be a JSON array",
      "{\"methodConfig\": [{\"name\": [{\"method\": \"M\"}]}]}"
          + " | $.methodConfig[0].name[0] | needs a service name",
      "{\"methodConfig\": [{\"name\": [{}]}, {\"name\": [{}]}]}"
          + " | $.methodConfig[1].name[0] | duplicate name {}",
      "{\"methodConfig\": [{\"name\": [{\"service\": \"s\"}, {\"service\": \"s\"}]}]}"
          + " | $.methodConfig[0].name[1] | duplicate name 's/'",
      "{\"methodConfig\": [{\"name\": [{\"service\": 5}]}]}"
          + " | $.methodConfig[0].name[0].service | must be a string",
      "{\"methodConfig\": [{\"name\": [{}], \"timeout\": \"1\"}]}"
          + " | $.methodConfig[0].timeout | must be a duration",
      "{\"methodConfig\": [{\"name\": [{}], \"timeout\": \"-1s\"}]}"
          + " | $.methodConfig[0].timeout | must not be negative",
      "{\"methodConfig\": [{\"name\": [{}], \"waitForReady\": \"yes\"}]}"
          + " | $.methodConfig[0].waitForReady | must be true or false",
      "{\"methodConfig\": [{\"name\": [{}], \"maxRequestMessageBytes\": -1}]}"
          + " | $.methodConfig[0].maxRequestMessageBytes | 0 or more",
      "{\"methodConfig\": [{\"name\": [{}], \"maxResponseMessageBytes\": 1.5}]}"
          + " | $.methodConfig[0].maxResponseMessageBytes | whole number",
      "{\"methodConfig\": [{\"name\": [{}], \"retryPolicy\": {}}]}"
          + " | $.methodConfig[0].retryPolicy.maxAttempts | required",
      "{\"methodConfig\": [{\"name\": [{}], \"retryPolicy\": {\"maxAttempts\": 1}}]}"
          + " | $.methodConfig[0].retryPolicy.maxAttempts | at least 2",
      "{\"methodConfig\": [{\"name\": [{}], \"hedgingPolicy\": {\"maxAttempts\": 2,"
          + " \"hedgingDelay\": \"-1s\"}}]}"
          + " | $.methodConfig[0].hedgingPolicy.hedgingDelay | must not be negative",
      "{\"retryThrottling\": {\"maxTokens\": 0, \"tokenRatio\": 1}}"
          + " | $.retryThrottling.maxTokens | 1..1000",
      "{\"retryThrottling\": {\"maxTokens\": 1001, \"tokenRatio\": 1}}"
          + " | $.retryThrottling.maxTokens | 1..1000",
      "{\"retryThrottling\": {\"maxTokens\": 10}}"
          + " | $.retryThrottling.tokenRatio | required",
      "{\"loadBalancingConfig\": [{\"nope\": {}}]}"
          + " | $.loadBalancingConfig | no policy this channel knows",
      "{\"loadBalancingConfig\": [{\"pick_first\": {}, \"round_robin\": {}}]}"
          + " | $.loadBalancingConfig[0] | exactly one policy",
      "{\"loadBalancingConfig\": [{\"pick_first\": {\"shuffleAddressList\": 1}}]}"
          + " | $.loadBalancingConfig[0].pick_first | shuffleAddressList must be a boolean",
      "{\"loadBalancingPolicy\": \"nope\"}"
          + " | $.loadBalancingPolicy | unknown policy",
      "{\"healthCheckConfig\": {\"serviceName\": 1}}"
          + " | $.healthCheckConfig.serviceName | must be a string",
      "{\"methodConfig\": [}                                | $.methodConfig[0] | malformed JSON",
  })
  void parse_invalid_failsNamingThePath(String json, String path, String what) {
    assertThatThrownBy(() -> ServiceConfig.parse(json))
        .isInstanceOfSatisfying(ServiceConfigException.class, e -> {
          assertThat(e.path()).isEqualTo(path);
          assertThat(e.getMessage()).startsWith("Invalid service config at " + path + ": ")
              .contains(what);
        });
  }
}
