package dev.sluice.cli;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.TypeRegistry;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The schema from local files, for servers without reflection: a descriptor set
 * ({@code protoc --include_imports --descriptor_set_out}), or {@code .proto} files that
 * {@code protoc} (on the PATH) compiles into one.
 */
final class FileSchema implements Schema {

  private final DescriptorPool pool = new DescriptorPool();
  private final List<FileDescriptor> files;

  private FileSchema(FileDescriptorSet set) {
    for (FileDescriptorProto f : set.getFileList()) {
      pool.add(f);
    }
    this.files = pool.all(null);
  }

  /** From a descriptor set file. */
  static FileSchema fromProtoset(File protoset) {
    try (InputStream in = Files.newInputStream(protoset.toPath())) {
      return new FileSchema(FileDescriptorSet.parseFrom(in));
    } catch (IOException e) {
      throw CliFailure.local("Cannot read --protoset " + protoset + ": " + e.getMessage(), e);
    }
  }

  /** From {@code .proto} files, compiled by protoc with {@code importPaths}. */
  static FileSchema fromProtos(List<File> protos, List<File> importPaths) {
    Path out = null;
    try {
      out = Files.createTempFile("sluice-protoset", ".pb");
      List<String> cmd = new ArrayList<>(List.of("protoc", "--include_imports",
          "--descriptor_set_out=" + out));
      for (File p : importPaths) {
        cmd.add("--proto_path=" + p);
      }
      for (File p : protos) {
        cmd.add(p.toString());
      }
      Process protoc;
      try {
        protoc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw CliFailure.local("--proto needs protoc on the PATH (" + e.getMessage()
            + "); or give a descriptor set with --protoset");
      }
      String output = new String(protoc.getInputStream().readAllBytes());
      if (!protoc.waitFor(60, TimeUnit.SECONDS) || protoc.exitValue() != 0) {
        throw CliFailure.local("protoc failed: " + output.trim());
      }
      return fromProtoset(out.toFile());
    } catch (IOException e) {
      throw CliFailure.local("Cannot compile --proto files: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliFailure.local("Interrupted while protoc ran");
    } finally {
      if (out != null) {
        out.toFile().delete();
      }
    }
  }

  @Override
  public List<String> services() {
    List<String> names = new ArrayList<>();
    for (FileDescriptor f : files) {
      for (ServiceDescriptor s : f.getServices()) {
        names.add(s.getFullName());
      }
    }
    Collections.sort(names);
    return names;
  }

  @Override
  public FileDescriptor fileDefining(String symbol) {
    for (FileDescriptor f : files) {
      if (DescriptorPool.find(f, symbol) != null) {
        return f;
      }
    }
    throw CliFailure.local("Symbol not found: " + symbol + " (in the given proto files)");
  }

  @Override
  public TypeRegistry typeRegistry() {
    return pool.typeRegistry();
  }

  @Override
  public void close() {}
}
