package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --proto}: the schema compiled by protoc from the .proto files, for a server without
 * reflection. The protoc is the one the build downloaded (system property {@code sluice.protoc}),
 * else one on the PATH; with neither, the tests that need one are skipped.
 */
@Timeout(120)
class CliProtoTest {

  private static final Path PROTOS =
      Path.of(System.getProperty("basedir", "."), "src", "test", "proto");
  private static final String SHOP = PROTOS.resolve("sluice/cli/shop.proto").toString();

  /** The protoc to use, or null when there is none. */
  private static String protoc() {
    String fromBuild = System.getProperty("sluice.protoc");
    if (fromBuild != null && Files.isExecutable(Path.of(fromBuild))) {
      return fromBuild;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "protoc");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  private static String requireProtoc() {
    String protoc = protoc();
    assumeTrue(protoc != null, "no protoc: neither the build's (system property sluice.protoc,"
        + " set by the cli module's pom) nor one on the PATH");
    return protoc;
  }

  @Test
  void listAndCall_withProtoAndNoReflection_work() throws Exception {
    String protoc = requireProtoc();
    try (ShopServer server = new ShopServer(false)) {
      Cli list = Cli.run("list", server.target(), "--proto", SHOP,
          "--import-path", PROTOS.toString(), "--protoc", protoc);
      assertThat(list).isEqualTo(new Cli(0, "sluice.cli.test.Shop\n", ""));

      Cli call = Cli.run("call", server.target(), "sluice.cli.test.Shop/Repeat", "--proto", SHOP,
          "--import-path", PROTOS.toString(), "--protoc", protoc,
          "-d", "{\"name\":\"n\",\"count\":1}");
      assertThat(call).isEqualTo(new Cli(0, "{\n  \"name\": \"n\",\n  \"count\": 1\n}\n", ""));
    }
  }

  @Test
  void describe_withProto_resolvesTheWellKnownTypeImport() throws Exception {
    String protoc = requireProtoc();
    try (ShopServer server = new ShopServer(false)) {
      Cli describe = Cli.run("describe", server.target(), "google.protobuf.Timestamp",
          "--proto", SHOP, "--import-path", PROTOS.toString(), "--protoc", protoc);

      assertThat(describe.exitCode()).as(describe.err()).isZero();
      assertThat(describe.out()).contains("message Timestamp {");
    }
  }

  @Test
  void proto_invalidFile_failsWithProtocsMessage(@TempDir Path dir) throws Exception {
    String protoc = requireProtoc();
    Path bad = dir.resolve("bad.proto");
    Files.writeString(bad, "syntax = \"proto3\";\nmessage {\n");

    Cli list = Cli.run("list", "127.0.0.1:1", "--proto", bad.toString(),
        "--import-path", dir.toString(), "--protoc", protoc);

    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err()).startsWith("ERROR: protoc failed: ").contains("bad.proto:2");
  }

  @Test
  void proto_protocNotFound_saysWhatToDo() {
    Cli list = Cli.run("list", "127.0.0.1:1", "--proto", SHOP,
        "--import-path", PROTOS.toString(), "--protoc", "/nonexistent/protoc");

    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err()).contains("--proto needs protoc (/nonexistent/protoc")
        .contains("--protoset");
  }
}
