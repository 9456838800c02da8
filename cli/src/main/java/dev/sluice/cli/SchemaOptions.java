package dev.sluice.cli;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the schema comes from: server reflection unless local files are given. */
final class SchemaOptions {

  @Option(names = "--proto", paramLabel = "FILE",
      description = "A .proto file describing the service, for a server without reflection "
          + "(needs protoc: on the PATH, or see --protoc); repeatable.")
  List<File> protos = new ArrayList<>();

  @Option(names = "--protoc", paramLabel = "FILE",
      description = "The protoc that compiles the --proto files (default: protoc on the PATH).")
  String protoc = "protoc";

  @Option(names = "--import-path", paramLabel = "DIR",
      description = "Where the --proto files and their imports are found; repeatable.")
  List<File> importPaths = new ArrayList<>();

  @Option(names = "--protoset", paramLabel = "FILE",
      description = "A descriptor set (protoc --include_imports --descriptor_set_out) "
          + "describing the service, for a server without reflection.")
  File protoset;

  /** The schema: from the files if any were given, else by reflection on {@code channel}. */
  Schema open(Channel channel, CallOptions options, Metadata headers) {
    if (protoset != null && !protos.isEmpty()) {
      throw CliFailure.local("Give --protoset or --proto, not both");
    }
    if (protoset != null) {
      return FileSchema.fromProtoset(protoset);
    }
    if (!protos.isEmpty()) {
      return FileSchema.fromProtos(protos, importPaths, protoc);
    }
    return new ReflectionSchema(channel, options, headers);
  }
}
