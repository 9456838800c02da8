package dev.sluice.compiler;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The protoc plugin: reads a {@code CodeGeneratorRequest} from standard input and writes a
 * {@code CodeGeneratorResponse} to standard output, with one {@code <Service>Sluice.java} per
 * service in the files protoc asked for.
 *
 * <pre>{@code protoc --plugin=protoc-gen-sluice=<launcher> --sluice_out=<dir> file.proto}</pre>
 *
 * <p>Each method descriptor carries the file descriptor of its service for server reflection;
 * the option {@code lite} ({@code --sluice_opt=lite}) leaves it out for protobuf's lite runtime,
 * whose generated classes have no descriptors.
 */
public final class SluiceCompiler {

  private SluiceCompiler() {}

  /**
   * The plugin's entry point, as protoc runs it: reads a {@code CodeGeneratorRequest} from standard
   * input and writes the response to standard output. A failure is reported in the response's error
   * field, which protoc shows the user.
   *
   * @param args ignored; protoc passes options in the request
   * @throws IOException if standard input or output fails
   */
  public static void main(String[] args) throws IOException {
    CodeGeneratorResponse response;
    try {
      response = generate(CodeGeneratorRequest.parseFrom(System.in));
    } catch (RuntimeException e) {
      // protoc shows the error to the user; a stack trace on stderr would only add noise.
      response = CodeGeneratorResponse.newBuilder()
          .setError("sluice-compiler failed: " + e).build();
    }
    OutputStream out = System.out;
    response.writeTo(out);
    out.flush();
  }

  /**
   * Reads a request from {@code in}; for tests and other hosts.
   *
   * @param in a serialized {@code CodeGeneratorRequest}
   * @return the response holding the generated files
   * @throws IOException if {@code in} fails or does not hold a request
   */
  public static CodeGeneratorResponse generate(InputStream in) throws IOException {
    return generate(CodeGeneratorRequest.parseFrom(in));
  }

  /**
   * The response to {@code request}.
   *
   * @param request the files protoc parsed and the ones to generate for
   * @return a {@code <Service>Sluice} file per service of the files to generate
   */
  public static CodeGeneratorResponse generate(CodeGeneratorRequest request) {
    Map<String, FileDescriptorProto> byName = new HashMap<>();
    for (FileDescriptorProto f : request.getProtoFileList()) {
      byName.put(f.getName(), f);
    }
    TypeNames types = new TypeNames(request.getProtoFileList());
    boolean schema = true;
    for (String option : request.getParameter().split(",")) {
      if (option.trim().equals("lite")) {
        schema = false;
      }
    }
    CodeGeneratorResponse.Builder response = CodeGeneratorResponse.newBuilder()
        .setSupportedFeatures(CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL_VALUE);
    for (String name : request.getFileToGenerateList()) {
      FileDescriptorProto file = byName.get(name);
      if (file == null) {
        continue;
      }
      for (int i = 0; i < file.getServiceCount(); i++) {
        ServiceWriter writer = new ServiceWriter(file, i, types, schema);
        response.addFile(CodeGeneratorResponse.File.newBuilder()
            .setName(writer.outputPath())
            .setContent(writer.write())
            .build());
      }
    }
    return response.build();
  }
}
