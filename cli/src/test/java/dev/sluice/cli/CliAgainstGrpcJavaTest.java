package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.services.GrpcJavaPeer;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sluice} against a grpc-java 1.85.1 server in another process, whose reflection is
 * grpc-java's ProtoReflectionServiceV1 and whose health is grpc-java's HealthStatusManager.
 */
@Timeout(120)
class CliAgainstGrpcJavaTest {

  private static GrpcJavaPeer peer;
  private static String target;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    peer = GrpcJavaPeer.start(GrpcJavaPeer.defaultDir(), "ServicesServer",
        Integer.toString(port));
    peer.await("listening", Duration.ofSeconds(60));
    target = "127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() throws Exception {
    peer.close();
  }

  @Test
  void list_showsGrpcJavasHealthAndReflection() {
    Cli r = Cli.run("list", target);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("grpc.health.v1.Health\n",
        "grpc.reflection.v1.ServerReflection\n");
  }

  @Test
  void describe_healthRequest() {
    Cli r = Cli.run("describe", target, "grpc.health.v1.HealthCheckRequest");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        grpc.health.v1.HealthCheckRequest is a message (grpc/health/v1/health.proto):
        message HealthCheckRequest {
          string service = 1;
        }
        """);
  }

  @Test
  void call_unaryThroughReflection_printsJson() {
    Cli r = Cli.run("call", target, "grpc.health.v1.Health/Check", "-d", "{\"service\":\"\"}");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("{\n  \"status\": \"SERVING\"\n}\n");
  }

  @Test
  void call_serverStreamingUntilTheDeadline_printsFirstStatusThenDeadlineExceeded() {
    Cli r = Cli.run("call", target, "grpc.health.v1.Health/Watch", "-d",
        "{\"service\":\"peer.Down\"}", "--deadline", "3s");
    assertThat(r.out()).isEqualTo("{\n  \"status\": \"NOT_SERVING\"\n}\n");
    assertThat(r.exitCode()).isEqualTo(10 + 4);
    assertThat(r.err()).startsWith("ERROR: DEADLINE_EXCEEDED");
  }

  @Test
  void health_servingNotServingUnknown() {
    assertThat(Cli.run("health", target)).isEqualTo(new Cli(0, "SERVING\n", ""));
    assertThat(Cli.run("health", target, "peer.Down"))
        .isEqualTo(new Cli(3, "NOT_SERVING\n", ""));
    assertThat(Cli.run("health", target, "no.Such").exitCode()).isEqualTo(10 + 5);
  }

  @Test
  void call_methodReflectionDoesNotKnow_exitsOne() {
    Cli r = Cli.run("call", target, "peer.Errors/Fail");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("ERROR: Symbol not found: peer.Errors/Fail");
  }
}
