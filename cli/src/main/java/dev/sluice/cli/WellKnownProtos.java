package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The well-known types' {@code .proto} files ({@code google/protobuf/timestamp.proto} and the
 * rest), copied out of the protobuf runtime on the class path into a directory that {@code
 * --proto} adds as protoc's last import path. A protoc installed from a package finds them in its
 * own include directory, but a bare protoc binary (such as the one Maven downloads) has none, so
 * a .proto that imports a well-known type would not compile with it.
 */
final class WellKnownProtos {

  private static final List<String> NAMES = List.of("any", "api", "descriptor", "duration",
      "empty", "field_mask", "source_context", "struct", "timestamp", "type", "wrappers");

  private WellKnownProtos() {}

  /**
   * Copies the files found on the class path under {@code dir/google/protobuf/}; returns how
   * many there were.
   */
  static int copyTo(Path dir) throws IOException {
    Path target = Files.createDirectories(dir.resolve("google").resolve("protobuf"));
    int copied = 0;
    for (String name : NAMES) {
      String resource = "google/protobuf/" + name + ".proto";
      try (InputStream in = WellKnownProtos.class.getClassLoader().getResourceAsStream(resource)) {
        if (in != null) {
          Files.copy(in, target.resolve(name + ".proto"));
          copied++;
        }
      }
    }
    return copied;
  }

  /** Deletes what {@link #copyTo} made under {@code dir}, and {@code dir}. */
  static void delete(Path dir) {
    Path protobuf = dir.resolve("google").resolve("protobuf");
    for (String name : NAMES) {
      protobuf.resolve(name + ".proto").toFile().delete();
    }
    protobuf.toFile().delete();
    dir.resolve("google").toFile().delete();
    dir.toFile().delete();
  }
}
