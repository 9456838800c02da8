package dev.sluice.grpcjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.MethodConfig;
import dev.sluice.config.ServiceConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** grpc-java's service config maps as JSON for Sluice's parser, with the attempt caps. */
class ServiceConfigJsonTest {

  private static Map<String, ?> config(String policy, double maxAttempts) {
    Map<String, Object> p = policy.equals("retryPolicy")
        ? Map.of("maxAttempts", maxAttempts, "initialBackoff", "0.1s", "maxBackoff", "1s",
            "backoffMultiplier", 1.5, "retryableStatusCodes", List.of("UNAVAILABLE"))
        : Map.of("maxAttempts", maxAttempts, "hedgingDelay", "0.5s",
            "nonFatalStatusCodes", List.of("UNAVAILABLE", "ABORTED"));
    return Map.of("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
        "methodConfig", List.of(Map.of(
            "name", List.of(Map.of("service", "a.B", "method", "C")),
            "timeout", "1.5s", "waitForReady", true, policy, p)));
  }

  private static MethodConfig parsed(Map<String, ?> config, int maxRetry, int maxHedged) {
    return ServiceConfig.parse(ServiceConfigJson.write(config, maxRetry, maxHedged))
        .forMethod("a.B/C");
  }

  @Test
  void write_everyField_parsesToTheSameSettings() {
    MethodConfig m = parsed(config("retryPolicy", 4.0), 5, 5);

    assertThat(m.timeoutNanos()).isEqualTo(1_500_000_000L);
    assertThat(m.waitForReady()).isTrue();
    assertThat(m.retryPolicy().maxAttempts()).isEqualTo(4);
    assertThat(m.retryPolicy().backoffMultiplier()).isEqualTo(1.5);
    assertThat(ServiceConfig.parse(ServiceConfigJson.write(config("retryPolicy", 4.0), 5, 5))
        .loadBalancingPolicy()).isEqualTo("round_robin");
  }

  @Test
  void write_maxRetryAttemptsBelowPolicy_capsRetryOnly() {
    assertThat(parsed(config("retryPolicy", 4.0), 3, 2).retryPolicy().maxAttempts())
        .isEqualTo(3);
    assertThat(parsed(config("hedgingPolicy", 4.0), 3, 2).hedgingPolicy().maxAttempts())
        .isEqualTo(2);
  }

  @Test
  void write_capUnderTwo_dropsThePolicy() {
    assertThat(parsed(config("retryPolicy", 4.0), 1, 5).retryPolicy()).isNull();
    assertThat(parsed(config("hedgingPolicy", 4.0), 5, 0).hedgingPolicy()).isNull();
  }

  @Test
  void write_stringsNeedingEscapes_areEscaped() {
    String json = ServiceConfigJson.write(Map.of("k", "a\"b\\c\n\u0001"), 5, 5);

    assertThat(json).isEqualTo("{\"k\":\"a\\\"b\\\\c\\n\\u0001\"}");
  }
}
