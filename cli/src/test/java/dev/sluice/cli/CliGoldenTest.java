package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.services.health.v1.HealthCheckResponse.ServingStatus;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code sluice list/describe/call/health} against a Sluice server, output compared whole. */
@Timeout(60)
class CliGoldenTest {

  private static ShopServer server;
  private static String target;

  @BeforeAll
  static void start() throws Exception {
    server = new ShopServer(true);
    target = server.target();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void list_noService_printsEveryServiceSorted() {
    Cli r = Cli.run("list", target);
    assertThat(r.err()).isEmpty();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("""
        grpc.health.v1.Health
        grpc.reflection.v1.ServerReflection
        grpc.reflection.v1alpha.ServerReflection
        sluice.cli.test.Shop
        """);
  }

  @Test
  void list_service_printsItsMethods() {
    Cli r = Cli.run("list", target, "sluice.cli.test.Shop");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("""
        sluice.cli.test.Shop.Echo
        sluice.cli.test.Shop.Repeat
        sluice.cli.test.Shop.Sum
        sluice.cli.test.Shop.Chat
        """);
  }

  @Test
  void describe_service_printsItsRpcs() {
    Cli r = Cli.run("describe", target, "sluice.cli.test.Shop");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("""
        sluice.cli.test.Shop is a service (sluice/cli/shop.proto):
        service Shop {
          rpc Echo(.sluice.cli.test.Item) returns (.sluice.cli.test.Item);
          rpc Repeat(.sluice.cli.test.Item) returns (stream .sluice.cli.test.Item);
          rpc Sum(stream .sluice.cli.test.Item) returns (.sluice.cli.test.Total);
          rpc Chat(stream .sluice.cli.test.Item) returns (stream .sluice.cli.test.Item);
        }
        """);
  }

  @Test
  void describe_messageWithNestedTypesEnumAndImport_printsThemAll() {
    Cli r = Cli.run("describe", target, "sluice.cli.test.Item");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("""
        sluice.cli.test.Item is a message (sluice/cli/shop.proto):
        message Item {
          string name = 1;
          int32 count = 2;
          .sluice.cli.test.Item.Kind kind = 3;
          .sluice.cli.test.Item.Label label = 4;
          .google.protobuf.Timestamp added = 5;
          message Label {
            string text = 1;
          }
          enum Kind {
            KIND_UNSET = 0;
            FRUIT = 1;
            TOOL = 2;
          }
        }
        """);
  }

  @Test
  void describe_nestedEnumAndMethod() {
    assertThat(Cli.run("describe", target, "sluice.cli.test.Item.Kind").out())
        .endsWith("enum Kind {\n  KIND_UNSET = 0;\n  FRUIT = 1;\n  TOOL = 2;\n}\n");
    assertThat(Cli.run("describe", target, "sluice.cli.test.Shop/Sum").out()).isEqualTo("""
        sluice.cli.test.Shop.Sum is a method (sluice/cli/shop.proto):
        rpc Sum(stream .sluice.cli.test.Item) returns (.sluice.cli.test.Total);
        """);
  }

  @Test
  void call_unary_printsTheResponseAsJson() {
    Cli r = Cli.run("call", target, "sluice.cli.test.Shop/Echo", "-d",
        "{\"name\": \"pear\", \"kind\": \"FRUIT\", \"added\": \"2026-01-02T03:04:05Z\"}");
    assertThat(r.err()).isEmpty();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("""
        {
          "name": "pear",
          "kind": "FRUIT",
          "added": "2026-01-02T03:04:05Z"
        }
        """);
  }

  @Test
  void call_verbose_printsHeadersAndTrailersToStandardError() {
    Cli r = Cli.run("call", target, "sluice.cli.test.Shop.Echo", "-d", "{}", "-v",
        "-H", "x-client: cli-test");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("{\n}\n");
    assertThat(r.err()).contains("Response headers:", "Response trailers:",
        "  shop-note: echoed");
  }

  @Test
  void call_serverStreaming_printsEachResponse() {
    Cli r = Cli.run("call", target, "sluice.cli.test.Shop/Repeat", "-d",
        "{\"name\":\"nail\",\"count\":3}");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("""
        {
          "name": "nail",
          "count": 1
        }
        {
          "name": "nail",
          "count": 2
        }
        {
          "name": "nail",
          "count": 3
        }
        """);
  }

  @Test
  void call_clientStreamingFromStdin_sendsEveryObject() {
    Cli r = Cli.withStdin("{\"name\":\"a\",\"count\":2}\n{\"name\":\"b\",\"count\":5}{\"count\":1}\n",
        "call", target, "sluice.cli.test.Shop/Sum", "-d", "@-");
    assertThat(r.err()).isEmpty();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("""
        {
          "items": 3,
          "count": 8
        }
        """);
  }

  @Test
  void call_bidiFromStdin_echoesEachInOrder() {
    Cli r = Cli.withStdin("{\"name\":\"x\"} {\"name\":\"y\"}", "call", target,
        "sluice.cli.test.Shop/Chat", "-d", "@-");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("{\n  \"name\": \"x\"\n}\n{\n  \"name\": \"y\"\n}\n");
  }

  @Test
  void call_serverFails_printsCodeAndMessageAndExitsTenPlusCode() {
    Cli r = Cli.run("call", target, "sluice.cli.test.Shop/Echo", "-d", "{\"name\":\"fail\"}");
    assertThat(r.exitCode()).isEqualTo(10 + 9);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("ERROR: FAILED_PRECONDITION: no such item\n");
  }

  @Test
  void call_badJson_saysWhichRequestAndExitsOne() {
    Cli r = Cli.run("call", target, "sluice.cli.test.Shop/Echo", "-d", "{\"nmae\": 1}");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("ERROR: Bad JSON in request 1 for sluice.cli.test.Item: ")
        .contains("nmae").doesNotContain("\tat ");
  }

  @Test
  void call_badJsonInAStream_exitsOne() {
    Cli r = Cli.withStdin("{\"count\":1} [1]", "call", target, "sluice.cli.test.Shop/Sum", "-d", "@-");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("ERROR: Bad JSON in request 2: expected '{'");
  }

  @Test
  void call_unknownMethod_exitsOneNamingIt() {
    Cli r = Cli.run("call", target, "sluice.cli.test.Shop/Steal");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("ERROR: Symbol not found: sluice.cli.test.Shop/Steal");
  }

  @Test
  void call_unreachableTarget_failsUnavailableWithinTheDeadline() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli r = Cli.run("call", "127.0.0.1:" + port, "sluice.cli.test.Shop/Echo",
        "--deadline", "5s");
    assertThat(r.exitCode()).isIn(10 + 14, 10 + 4);
    assertThat(r.err()).matches("ERROR: (UNAVAILABLE|DEADLINE_EXCEEDED).*\\n");
  }

  @Test
  void debug_failure_printsTheStackTrace() {
    Cli r = Cli.run("call", target, "sluice.cli.test.Shop/Steal", "--debug");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("\tat dev.sluice.cli.");
  }

  @Test
  void health_servingAndNotServingAndUnknown() {
    assertThat(Cli.run("health", target)).isEqualTo(new Cli(0, "SERVING\n", ""));
    server.health.setStatus("sluice.cli.test.Shop", ServingStatus.NOT_SERVING);
    assertThat(Cli.run("health", target, "sluice.cli.test.Shop"))
        .isEqualTo(new Cli(3, "NOT_SERVING\n", ""));
    Cli unknown = Cli.run("health", target, "no.Such");
    assertThat(unknown.exitCode()).isEqualTo(10 + 5);
    assertThat(unknown.err()).startsWith("ERROR: NOT_FOUND");
  }

  @Test
  void usage_missingTarget_exitsTwo() {
    assertThat(Cli.run("list").exitCode()).isEqualTo(2);
  }
}
