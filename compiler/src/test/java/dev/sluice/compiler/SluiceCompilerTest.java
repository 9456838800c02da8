package dev.sluice.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SluiceCompilerTest {

  private static MethodDescriptorProto method(String name, boolean clientStreams,
      boolean serverStreams) {
    return MethodDescriptorProto.newBuilder().setName(name)
        .setInputType(".demo.Ask").setOutputType(".demo.Answer.Part")
        .setClientStreaming(clientStreams).setServerStreaming(serverStreams).build();
  }

  private static FileDescriptorProto file(FileOptions options) {
    return FileDescriptorProto.newBuilder()
        .setName("protos/demo_service.proto")
        .setPackage("demo")
        .setOptions(options)
        .addMessageType(DescriptorProto.newBuilder().setName("Ask"))
        .addMessageType(DescriptorProto.newBuilder().setName("Answer")
            .addNestedType(DescriptorProto.newBuilder().setName("Part")))
        .addService(ServiceDescriptorProto.newBuilder().setName("Oracle")
            .addMethod(method("Ask", false, false))
            .addMethod(method("Listen", false, true))
            .addMethod(method("Tell", true, false))
            .addMethod(method("Chat", true, true))
            .addMethod(method("New", false, false)))
        .setSourceCodeInfo(SourceCodeInfo.newBuilder()
            .addLocation(SourceCodeInfo.Location.newBuilder().addAllPath(List.of(6, 0))
                .setLeadingComments(" Answers questions. Never ends a comment: */ @see <b>\n"))
            .addLocation(SourceCodeInfo.Location.newBuilder().addAllPath(List.of(6, 0, 2, 1))
                .setLeadingComments(" Streams the answer.\n")))
        .build();
  }

  private static CodeGeneratorResponse.File generate(FileOptions options) throws Exception {
    return generate(options, "");
  }

  private static CodeGeneratorResponse.File generate(FileOptions options, String parameter)
      throws Exception {
    CodeGeneratorRequest request = CodeGeneratorRequest.newBuilder()
        .setParameter(parameter)
        .addFileToGenerate("protos/demo_service.proto")
        .addProtoFile(file(options))
        .build();
    CodeGeneratorResponse response =
        SluiceCompiler.generate(new ByteArrayInputStream(request.toByteArray()));
    assertThat(response.getError()).isEmpty();
    assertThat(response.getFileCount()).isEqualTo(1);
    return response.getFile(0);
  }

  @Test
  void generate_withJavaPackageAndMultipleFiles_writesServiceClassThere() throws Exception {
    CodeGeneratorResponse.File f = generate(FileOptions.newBuilder()
        .setJavaPackage("com.example.oracle").setJavaMultipleFiles(true).build());
    assertThat(f.getName()).isEqualTo("com/example/oracle/OracleSluice.java");
    String src = f.getContent();
    assertThat(src).contains("package com.example.oracle;")
        .contains("public final class OracleSluice")
        .contains("@dev.sluice.stub.Generated(")
        .contains("SERVICE_NAME = \"demo.Oracle\"")
        .contains("com.example.oracle.Answer.Part")
        .contains("MethodType.SERVER_STREAMING")
        .contains("class OracleBlockingStub", "class OracleAsyncStub",
            "class OracleBlockingImplBase", "class OracleAsyncImplBase");
  }

  @Test
  void generate_withoutOptions_usesOuterClassFromFileName() throws Exception {
    String src = generate(FileOptions.getDefaultInstance()).getContent();
    assertThat(src).contains("package demo;").contains("demo.DemoService.Ask")
        .contains("demo.DemoService.Answer.Part");
  }

  @Test
  void generate_eachMethodKind_getsMatchingStubAndAdapter() throws Exception {
    String src = generate(FileOptions.getDefaultInstance()).getContent();
    assertThat(src).contains("ClientCalls.blockingUnary(channel(), ASK")
        .contains("ClientCalls.blockingServerStreaming(channel(), LISTEN")
        .contains("ClientCalls.blockingCall(channel(), TELL")
        .contains("ClientCalls.futureUnary(channel(), ASK")
        .contains("ClientCalls.asyncStreaming(channel(), CHAT")
        .contains(">unary(this::ask)", ">serverStreaming(this::listen)",
            ">clientStreaming(this::tell)", ">bidi(this::chat)", ">asyncBidi(this::chat)");
  }

  @Test
  void generate_methodNamedLikeKeyword_getsSafeJavaName() throws Exception {
    String src = generate(FileOptions.getDefaultInstance()).getContent();
    assertThat(src).contains(" new_(").doesNotContain(" new(");
  }

  @Test
  void generate_protoComments_becomeEscapedJavadoc() throws Exception {
    String src = generate(FileOptions.getDefaultInstance()).getContent();
    assertThat(src).contains("Answers questions.").contains("*&#47;").contains("&#64;see")
        .contains("&lt;b&gt;").contains("Streams the answer.");
    // The comment's "*/" must not close the javadoc early.
    assertThat(src).doesNotContain("comment: */");
  }

  @Test
  void generate_fullRuntime_attachesEachMethodsFileDescriptor() throws Exception {
    String src = generate(FileOptions.newBuilder()
        .setJavaPackage("com.example.oracle").setJavaMultipleFiles(true).build()).getContent();
    assertThat(src).contains(".withSchemaDescriptor(dev.sluice.protobuf.ProtoMethodSchema.of(")
        .contains("com.example.oracle.DemoService::getDescriptor, \"Oracle\", \"Listen\")");
  }

  @Test
  void generate_liteOption_leavesSchemaOut() throws Exception {
    String src = generate(FileOptions.getDefaultInstance(), "lite").getContent();
    assertThat(src).doesNotContain("withSchemaDescriptor").contains("ProtoMarshaller.of(");
  }
}
