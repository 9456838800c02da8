package dev.sluice.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.services.health.HealthStatusManager;
import dev.sluice.services.health.v1.HealthCheckRequest;
import dev.sluice.services.health.v1.HealthCheckResponse;
import dev.sluice.services.health.v1.HealthCheckResponse.ServingStatus;
import dev.sluice.services.health.v1.HealthListRequest;
import dev.sluice.services.health.v1.HealthSluice;
import dev.sluice.stub.BlockingClientCall;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthServiceTest {

  private final HealthStatusManager health = new HealthStatusManager();
  private InProcess env;
  private HealthSluice.HealthBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    env = InProcess.start(b -> health.healthService().addTo(b));
    stub = HealthSluice.newBlockingStub(env.channel).withTimeout(Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() throws Exception {
    env.close();
  }

  private static HealthCheckRequest request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build();
  }

  private ServingStatus check(String service) {
    return stub.check(request(service)).getStatus();
  }

  @Test
  void check_server_isServingFromTheStart() {
    assertThat(check("")).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void check_unknownService_failsNotFound() {
    assertThatThrownBy(() -> check("nope"))
        .isInstanceOfSatisfying(StatusException.class,
            e -> assertThat(e.status().code()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void check_afterSetStatus_answersIt() {
    health.setStatus("pkg.Svc", ServingStatus.NOT_SERVING);
    assertThat(check("pkg.Svc")).isEqualTo(ServingStatus.NOT_SERVING);
    health.clearStatus("pkg.Svc");
    assertThatThrownBy(() -> check("pkg.Svc")).isInstanceOf(StatusException.class);
  }

  @Test
  void watch_unknownService_getsServiceUnknownStaysOpenAndSeesEachChangeOnce() {
    try (BlockingClientCall<HealthCheckRequest, HealthCheckResponse> watch =
        stub.watch(request("nope"))) {
      assertThat(watch.read().getStatus()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
      health.setStatus("nope", ServingStatus.SERVING);
      assertThat(watch.read().getStatus()).isEqualTo(ServingStatus.SERVING);
      // The same value again sends nothing: the next message is the next change.
      health.setStatus("nope", ServingStatus.SERVING);
      health.setStatus("nope", ServingStatus.NOT_SERVING);
      assertThat(watch.read().getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      health.clearStatus("nope");
      assertThat(watch.read().getStatus()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
      watch.cancel("done");
    }
  }

  @Test
  void watch_notServingToServing_deliversBoth() {
    health.setStatus("pkg.Svc", ServingStatus.NOT_SERVING);
    try (BlockingClientCall<HealthCheckRequest, HealthCheckResponse> watch =
        stub.watch(request("pkg.Svc"))) {
      assertThat(watch.read().getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      health.setStatus("pkg.Svc", ServingStatus.SERVING);
      assertThat(watch.read().getStatus()).isEqualTo(ServingStatus.SERVING);
      watch.cancel("done");
    }
  }

  @Test
  void enterTerminalState_everythingNotServingAndLaterChangesIgnored() {
    health.setStatus("pkg.Svc", ServingStatus.SERVING);
    try (BlockingClientCall<HealthCheckRequest, HealthCheckResponse> watch =
        stub.watch(request(""))) {
      assertThat(watch.read().getStatus()).isEqualTo(ServingStatus.SERVING);
      health.enterTerminalState();
      assertThat(watch.read().getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      watch.cancel("done");
    }
    health.setStatus("pkg.Svc", ServingStatus.SERVING);
    health.clearStatus("");
    assertThat(check("")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(check("pkg.Svc")).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void list_givesEveryKnownService() {
    health.setStatus("a.A", ServingStatus.NOT_SERVING);
    var statuses = stub.list(HealthListRequest.getDefaultInstance()).getStatusesMap();
    assertThat(statuses).containsOnlyKeys("", "a.A");
    assertThat(statuses.get("a.A").getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void list_moreThanHundredServices_failsResourceExhausted() {
    for (int i = 0; i < 100; i++) {
      health.setStatus("s" + i, ServingStatus.SERVING);
    }
    assertThatThrownBy(() -> stub.list(HealthListRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusException.class,
            e -> assertThat(e.status().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void setStatus_serviceUnknown_isRejected() {
    assertThatThrownBy(() -> health.setStatus("x", ServingStatus.SERVICE_UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
