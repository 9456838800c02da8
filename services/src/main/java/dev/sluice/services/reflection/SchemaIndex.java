package dev.sluice.services.reflection;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What reflection can tell about one server: its services, and every file they need (with the
 * imports of those files), indexed by file name, by each symbol a file defines and by
 * extension. Immutable once built; thread-safe.
 */
final class SchemaIndex {

  private final List<String> services;
  private final Map<String, FileDescriptor> byName = new HashMap<>();
  private final Map<String, FileDescriptor> bySymbol = new HashMap<>();
  /** Extended message type → extension number → the file defining that extension. */
  private final Map<String, Map<Integer, FileDescriptor>> extensions = new HashMap<>();

  /**
   * @param services the fully qualified names of the services to list
   * @param roots files that define those services or whatever else to describe; their imports
   *     are indexed too
   */
  SchemaIndex(Collection<String> services, Collection<FileDescriptor> roots) {
    this.services = List.copyOf(new TreeSet<>(services));
    Deque<FileDescriptor> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      FileDescriptor file = todo.pop();
      FileDescriptor known = byName.putIfAbsent(file.getName(), file);
      if (known != null) {
        continue;
      }
      index(file);
      todo.addAll(file.getDependencies());
    }
  }

  List<String> services() {
    return services;
  }

  /** The file named {@code name}, or null. */
  FileDescriptor file(String name) {
    return byName.get(name);
  }

  /** The file defining the fully qualified {@code symbol}, or null. */
  FileDescriptor fileDefining(String symbol) {
    return bySymbol.get(symbol);
  }

  /** True when {@code type} is a message type the index knows. */
  boolean isMessageType(String type) {
    FileDescriptor file = bySymbol.get(type);
    return file != null && findMessage(file, type) != null;
  }

  /** The file defining extension {@code number} of message {@code type}, or null. */
  FileDescriptor fileDefiningExtension(String type, int number) {
    Map<Integer, FileDescriptor> numbers = extensions.get(type);
    return numbers == null ? null : numbers.get(number);
  }

  /** The numbers of every known extension of {@code type}, in order. */
  List<Integer> extensionNumbers(String type) {
    Map<Integer, FileDescriptor> numbers = extensions.get(type);
    return numbers == null ? List.of() : List.copyOf(numbers.keySet());
  }

  /**
   * {@code file} then its imports, transitively, breadth first, each once; files in
   * {@code alreadySent} other than {@code file} itself are left out and the rest added to it.
   */
  static List<FileDescriptor> withImports(FileDescriptor file, Set<String> alreadySent) {
    List<FileDescriptor> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Deque<FileDescriptor> todo = new ArrayDeque<>();
    todo.add(file);
    seen.add(file.getName());
    while (!todo.isEmpty()) {
      FileDescriptor f = todo.poll();
      if (f == file || alreadySent.add(f.getName())) {
        out.add(f);
      }
      for (FileDescriptor dep : f.getDependencies()) {
        if (seen.add(dep.getName())) {
          todo.add(dep);
        }
      }
    }
    alreadySent.add(file.getName());
    return out;
  }

  private void index(FileDescriptor file) {
    for (ServiceDescriptor s : file.getServices()) {
      symbol(s.getFullName(), file);
      for (MethodDescriptor m : s.getMethods()) {
        symbol(m.getFullName(), file);
      }
    }
    for (Descriptor m : file.getMessageTypes()) {
      indexMessage(m, file);
    }
    for (EnumDescriptor e : file.getEnumTypes()) {
      indexEnum(e, file);
    }
    for (FieldDescriptor ext : file.getExtensions()) {
      indexExtension(ext, file);
    }
  }

  private void indexMessage(Descriptor m, FileDescriptor file) {
    symbol(m.getFullName(), file);
    for (FieldDescriptor f : m.getFields()) {
      symbol(f.getFullName(), file);
    }
    for (Descriptor nested : m.getNestedTypes()) {
      indexMessage(nested, file);
    }
    for (EnumDescriptor e : m.getEnumTypes()) {
      indexEnum(e, file);
    }
    for (FieldDescriptor ext : m.getExtensions()) {
      indexExtension(ext, file);
    }
  }

  private void indexEnum(EnumDescriptor e, FileDescriptor file) {
    symbol(e.getFullName(), file);
    for (EnumValueDescriptor v : e.getValues()) {
      symbol(v.getFullName(), file);
    }
  }

  private void indexExtension(FieldDescriptor ext, FileDescriptor file) {
    symbol(ext.getFullName(), file);
    extensions.computeIfAbsent(ext.getContainingType().getFullName(), k -> new TreeMap<>())
        .putIfAbsent(ext.getNumber(), file);
  }

  private void symbol(String name, FileDescriptor file) {
    bySymbol.putIfAbsent(name, file);
  }

  private static Descriptor findMessage(FileDescriptor file, String fullName) {
    String pkg = file.getPackage();
    String rest = pkg.isEmpty() ? fullName
        : fullName.startsWith(pkg + ".") ? fullName.substring(pkg.length() + 1) : null;
    if (rest == null) {
      return null;
    }
    String[] parts = rest.split("\\.");
    Descriptor d = file.findMessageTypeByName(parts[0]);
    for (int i = 1; d != null && i < parts.length; i++) {
      d = d.findNestedTypeByName(parts[i]);
    }
    return d;
  }
}
