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
 * {@code protoc} (on the PATH, or the one {@code --protoc} names) compiles into one.
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

  /**
   * From {@code .proto} files, compiled by {@code protoc} (a path, or a name looked up on the
   * PATH) with {@code importPaths}, then the well-known types copied from the class path.
   */
  static FileSchema fromProtos(List<File> protos, List<File> importPaths, String protoc) {
    Path out = null;
    Path wellKnown = null;
    try {
      out = Files.createTempFile("sluice-protoset", ".pb");
      wellKnown = Files.createTempDirectory("sluice-well-known-protos");
      WellKnownProtos.copyTo(wellKnown);
      List<String> cmd = new ArrayList<>(List.of(protoc, "--include_imports",
          "--descriptor_set_out=" + out));
      for (File p : importPaths) {
        cmd.add("--proto_path=" + p);
      }
      if (importPaths.isEmpty()) {
        cmd.add("--proto_path=."); // protoc's own default, kept when we add a path
      }
      cmd.add("--proto_path=" + wellKnown);
      for (File p : protos) {
        cmd.add(p.toString());
      }
      Process process;
      try {
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw CliFailure.local("--proto needs protoc (" + protoc + ": " + e.getMessage()
            + "); put it on the PATH, name it with --protoc, or give a descriptor set with "
            + "--protoset");
      }
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
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
      if (wellKnown != null) {
        WellKnownProtos.delete(wellKnown);
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
