package dev.sluice.cli;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.TypeRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns serialized file descriptors (from reflection or a descriptor set) into protobuf-java
 * descriptors, building each file after its imports, and finds symbols in them.
 */
final class DescriptorPool {

  private final Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
  private final Map<String, FileDescriptor> built = new HashMap<>();

  /** Adds a file; the first one by a name wins. */
  void add(FileDescriptorProto proto) {
    protos.putIfAbsent(proto.getName(), proto);
  }

  boolean has(String fileName) {
    return protos.containsKey(fileName);
  }

  /** Every file added so far, in the order added. */
  List<FileDescriptorProto> protos() {
    return new ArrayList<>(protos.values());
  }

  /**
   * The descriptor of {@code name}, building its imports first; {@code fetch} is asked for an
   * import not added yet (null: none to be had).
   */
  FileDescriptor file(String name, Function<String, FileDescriptorProto> fetch) {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name);
    if (proto == null && fetch != null) {
      proto = fetch.apply(name);
      if (proto != null) {
        add(proto);
      }
    }
    if (proto == null) {
      throw CliFailure.local("The schema has no file " + name);
    }
    List<FileDescriptor> deps = new ArrayList<>();
    for (String dep : proto.getDependencyList()) {
      deps.add(file(dep, fetch));
    }
    try {
      FileDescriptor file = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
      built.put(name, file);
      return file;
    } catch (DescriptorValidationException e) {
      throw CliFailure.local("The schema's file " + name + " is not valid: " + e.getMessage(), e);
    }
  }

  /** Every file, built. */
  List<FileDescriptor> all(Function<String, FileDescriptorProto> fetch) {
    List<FileDescriptor> out = new ArrayList<>();
    for (String name : new ArrayList<>(protos.keySet())) {
      out.add(file(name, fetch));
    }
    return out;
  }

  /** A registry of every message type of the built files, for JSON's {@code Any}. */
  TypeRegistry typeRegistry() {
    TypeRegistry.Builder b = TypeRegistry.newBuilder();
    for (FileDescriptor f : built.values()) {
      for (Descriptor d : f.getMessageTypes()) {
        b.add(d);
      }
    }
    return b.build();
  }

  /**
   * The service, method ({@code pkg.Svc.M} or {@code pkg.Svc/M}), message or enum called
   * {@code symbol} in {@code file}, or null.
   */
  static GenericDescriptor find(FileDescriptor file, String symbol) {
    String name = symbol.replace('/', '.');
    for (ServiceDescriptor s : file.getServices()) {
      if (s.getFullName().equals(name)) {
        return s;
      }
      for (MethodDescriptor m : s.getMethods()) {
        if (m.getFullName().equals(name)) {
          return m;
        }
      }
    }
    for (Descriptor d : file.getMessageTypes()) {
      GenericDescriptor found = find(d, name);
      if (found != null) {
        return found;
      }
    }
    for (EnumDescriptor e : file.getEnumTypes()) {
      if (e.getFullName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static GenericDescriptor find(Descriptor message, String name) {
    if (message.getFullName().equals(name)) {
      return message;
    }
    for (Descriptor nested : message.getNestedTypes()) {
      GenericDescriptor found = find(nested, name);
      if (found != null) {
        return found;
      }
    }
    for (EnumDescriptor e : message.getEnumTypes()) {
      if (e.getFullName().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
