package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.sluice.cli.test.ShopOuterClass;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the schema comes from when the server lacks v1 reflection: {@code --protoset} for a
 * server without any, and v1alpha for one with only that.
 */
@Timeout(60)
class CliProtosetTest {

  @Test
  void call_withProtosetAndNoReflection_works(@TempDir Path dir) throws Exception {
    FileDescriptor shop = ShopOuterClass.getDescriptor();
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    for (FileDescriptor dep : shop.getDependencies()) {
      set.addFile(dep.toProto());
    }
    set.addFile(shop.toProto());
    Path protoset = dir.resolve("shop.protoset");
    Files.write(protoset, set.build().toByteArray());
    try (ShopServer server = new ShopServer(false)) {
      Cli noReflection = Cli.run("list", server.target());
      assertThat(noReflection.exitCode()).isEqualTo(10 + 12);
      assertThat(noReflection.err()).startsWith("ERROR: UNIMPLEMENTED");

      Cli list = Cli.run("list", server.target(), "--protoset", protoset.toString());
      assertThat(list).isEqualTo(new Cli(0, "sluice.cli.test.Shop\n", ""));
      Cli call = Cli.run("call", server.target(), "sluice.cli.test.Shop/Repeat",
          "--protoset", protoset.toString(), "-d", "{\"name\":\"n\",\"count\":1}");
      assertThat(call).isEqualTo(new Cli(0, "{\n  \"name\": \"n\",\n  \"count\": 1\n}\n", ""));
    }
  }

  @Test
  void list_serverWithOnlyV1alphaReflection_fallsBackToIt() throws Exception {
    try (ShopServer server = new ShopServer(ShopServer.Reflection.V1ALPHA_ONLY)) {
      Cli list = Cli.run("list", server.target());
      assertThat(list).isEqualTo(new Cli(0, "grpc.health.v1.Health\n"
          + "grpc.reflection.v1alpha.ServerReflection\nsluice.cli.test.Shop\n", ""));
      Cli describe = Cli.run("describe", server.target(), "sluice.cli.test.Total");
      assertThat(describe.exitCode()).as(describe.err()).isZero();
      assertThat(describe.out()).contains("message Total {");
    }
  }
}
