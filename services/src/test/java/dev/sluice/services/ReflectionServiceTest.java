package dev.sluice.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sluice.services.health.HealthStatusManager;
import dev.sluice.services.reflection.ProtoReflectionService;
import dev.sluice.services.reflection.v1.ExtensionRequest;
import dev.sluice.services.reflection.v1.ServerReflectionRequest;
import dev.sluice.services.reflection.v1.ServerReflectionResponse;
import dev.sluice.services.reflection.v1.ServerReflectionSluice;
import dev.sluice.services.reflection.v1.ServiceResponse;
import dev.sluice.services.test.EchoSluice;
import dev.sluice.stub.BlockingClientCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReflectionServiceTest {

  private InProcess env;
  private BlockingClientCall<ServerReflectionRequest, ServerReflectionResponse> stream;

  @BeforeEach
  void start() throws Exception {
    env = InProcess.start(b -> {
      new EchoSluice.EchoAsyncImplBase() {}.bindService().addTo(b);
      new HealthStatusManager().healthService().addTo(b);
      ProtoReflectionService.create().addTo(b);
    });
    stream = ServerReflectionSluice.newBlockingStub(env.channel)
        .withTimeout(Duration.ofSeconds(20)).serverReflectionInfo();
  }

  @AfterEach
  void stop() throws Exception {
    stream.close();
    env.close();
  }

  private ServerReflectionResponse ask(ServerReflectionRequest.Builder request) {
    ServerReflectionRequest r = request.setHost("localhost").build();
    assertThat(stream.write(r)).isTrue();
    ServerReflectionResponse response = stream.read();
    assertThat(response.getOriginalRequest()).isEqualTo(r);
    assertThat(response.getValidHost()).isEqualTo("localhost");
    return response;
  }

  private List<String> fileNames(ServerReflectionResponse response) {
    assertThat(response.hasFileDescriptorResponse()).as("%s", response).isTrue();
    List<String> names = new ArrayList<>();
    for (ByteString b : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      try {
        names.add(FileDescriptorProto.parseFrom(b).getName());
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return names;
  }

  private List<String> fileOfSymbol(String symbol) {
    return fileNames(ask(ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol)));
  }

  @Test
  void listServices_namesEveryGeneratedServiceAndReflectionItself() {
    ServerReflectionResponse r = ask(ServerReflectionRequest.newBuilder().setListServices(""));
    assertThat(r.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
        .containsExactly("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection", "sluice.test.Echo");
  }

  @Test
  void fileContainingSymbol_service_sendsFileThenEachImportOnceBreadthFirst() {
    assertThat(fileOfSymbol("sluice.test.Echo")).containsExactly(
        "sluice/test/echo.proto", "sluice/test/middle.proto", "sluice/test/base.proto");
  }

  @Test
  void fileContainingSymbol_sameStreamAgain_sendsTheFileButNotItsImports() {
    fileOfSymbol("sluice.test.Echo");
    assertThat(fileOfSymbol("sluice.test.EchoRequest")).containsExactly("sluice/test/echo.proto");
    assertThat(fileOfSymbol("sluice.test.base.Color")).containsExactly("sluice/test/base.proto");
  }

  @Test
  void fileContainingSymbol_methodNestedMessageNestedEnumAndField_findTheirFiles() {
    assertThat(fileOfSymbol("sluice.test.Echo.Count")).first()
        .isEqualTo("sluice/test/echo.proto");
    assertThat(fileOfSymbol("sluice.test.middle.Wrapper.Nested")).first()
        .isEqualTo("sluice/test/middle.proto");
    assertThat(fileOfSymbol("sluice.test.middle.Wrapper.Nested.Kind")).first()
        .isEqualTo("sluice/test/middle.proto");
    assertThat(fileOfSymbol("sluice.test.base.Extendable.id")).first()
        .isEqualTo("sluice/test/base.proto");
  }

  @Test
  void fileByFilename_unknownThenKnown_notFoundAndTheStreamGoesOn() {
    ServerReflectionResponse missing =
        ask(ServerReflectionRequest.newBuilder().setFileByFilename("nope.proto"));
    assertThat(missing.getErrorResponse().getErrorCode()).isEqualTo(5);
    assertThat(missing.getErrorResponse().getErrorMessage()).contains("nope.proto");
    assertThat(fileNames(ask(ServerReflectionRequest.newBuilder()
        .setFileByFilename("sluice/test/middle.proto"))))
        .containsExactly("sluice/test/middle.proto", "sluice/test/base.proto");
  }

  @Test
  void fileContainingSymbol_unknown_notFound() {
    assertThat(ask(ServerReflectionRequest.newBuilder().setFileContainingSymbol("no.Such"))
        .getErrorResponse().getErrorCode()).isEqualTo(5);
  }

  @Test
  void fileContainingExtension_topLevelAndNestedExtension_foundInMiddle() {
    for (int number : new int[] {100, 101}) {
      assertThat(fileNames(ask(ServerReflectionRequest.newBuilder().setFileContainingExtension(
          ExtensionRequest.newBuilder().setContainingType("sluice.test.base.Extendable")
              .setExtensionNumber(number))))).first().isEqualTo("sluice/test/middle.proto");
    }
    assertThat(ask(ServerReflectionRequest.newBuilder().setFileContainingExtension(
        ExtensionRequest.newBuilder().setContainingType("sluice.test.base.Extendable")
            .setExtensionNumber(150))).getErrorResponse().getErrorCode()).isEqualTo(5);
  }

  @Test
  void allExtensionNumbersOfType_knownAndUnknownType() {
    ServerReflectionResponse r = ask(ServerReflectionRequest.newBuilder()
        .setAllExtensionNumbersOfType("sluice.test.base.Extendable"));
    assertThat(r.getAllExtensionNumbersResponse().getBaseTypeName())
        .isEqualTo("sluice.test.base.Extendable");
    assertThat(r.getAllExtensionNumbersResponse().getExtensionNumberList())
        .containsExactly(100, 101);
    assertThat(ask(ServerReflectionRequest.newBuilder()
        .setAllExtensionNumbersOfType("sluice.test.Echo")).getErrorResponse().getErrorCode())
        .isEqualTo(5);
  }

  @Test
  void emptyRequest_unimplementedError() {
    assertThat(ask(ServerReflectionRequest.newBuilder()).getErrorResponse().getErrorCode())
        .isEqualTo(12);
  }

  @Test
  void halfClose_completesTheStreamOk() {
    ask(ServerReflectionRequest.newBuilder().setListServices(""));
    stream.writesDone();
    assertThat(stream.read()).isNull();
    assertThat(stream.finish().isOk()).isTrue();
  }

  @Test
  void v1alpha_answersTheSameQuestions() {
    try (var alpha = dev.sluice.services.reflection.v1alpha.ServerReflectionSluice
        .newBlockingStub(env.channel).withTimeout(Duration.ofSeconds(20))
        .serverReflectionInfo()) {
      alpha.write(dev.sluice.services.reflection.v1alpha.ServerReflectionRequest.newBuilder()
          .setFileContainingSymbol("sluice.test.Echo.Say").build());
      var r = alpha.read();
      assertThat(r.getFileDescriptorResponse().getFileDescriptorProtoCount()).isEqualTo(3);
      alpha.cancel("done");
    }
  }
}
