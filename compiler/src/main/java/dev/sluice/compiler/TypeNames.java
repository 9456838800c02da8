package dev.sluice.compiler;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps fully qualified proto message names ({@code .pkg.Outer.Inner}) to the Java class names
 * protobuf-java generates for them, following its rules for {@code java_package},
 * {@code java_multiple_files} and {@code java_outer_classname}.
 */
final class TypeNames {

  private final Map<String, String> javaNames = new HashMap<>();

  TypeNames(List<FileDescriptorProto> files) {
    for (FileDescriptorProto f : files) {
      String protoPrefix = f.getPackage().isEmpty() ? "." : "." + f.getPackage() + ".";
      String javaPrefix = javaPackage(f).isEmpty() ? "" : javaPackage(f) + ".";
      if (!f.getOptions().getJavaMultipleFiles()) {
        javaPrefix += outerClassName(f) + ".";
      }
      for (DescriptorProto m : f.getMessageTypeList()) {
        add(m, protoPrefix, javaPrefix);
      }
    }
  }

  private void add(DescriptorProto m, String protoPrefix, String javaPrefix) {
    String proto = protoPrefix + m.getName();
    String java = javaPrefix + m.getName();
    javaNames.put(proto, java);
    for (DescriptorProto nested : m.getNestedTypeList()) {
      add(nested, proto + ".", java + ".");
    }
  }

  /** The Java class of the message {@code protoName} (as in a method's input type). */
  String javaType(String protoName) {
    String java = javaNames.get(protoName);
    if (java == null) {
      throw new IllegalArgumentException("Unknown message type " + protoName);
    }
    return java;
  }

  /** The Java package of {@code file}'s generated code. */
  static String javaPackage(FileDescriptorProto file) {
    return file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage()
        : file.getPackage();
  }

  /** The fully qualified Java name of {@code file}'s outer class. */
  static String outerClassJavaName(FileDescriptorProto file) {
    String pkg = javaPackage(file);
    return (pkg.isEmpty() ? "" : pkg + ".") + outerClassName(file);
  }

  /**
   * The outer class protobuf-java generates for {@code file}: {@code java_outer_classname}, or
   * the file's base name in CamelCase, with {@code OuterClass} appended when a top-level type
   * already has that name.
   */
  static String outerClassName(FileDescriptorProto file) {
    if (file.getOptions().hasJavaOuterClassname()) {
      return file.getOptions().getJavaOuterClassname();
    }
    String base = file.getName();
    base = base.substring(base.lastIndexOf('/') + 1);
    if (base.endsWith(".proto")) {
      base = base.substring(0, base.length() - ".proto".length());
    }
    String name = camelCase(base, true);
    for (DescriptorProto m : file.getMessageTypeList()) {
      if (m.getName().equals(name)) {
        return name + "OuterClass";
      }
    }
    for (EnumDescriptorProto e : file.getEnumTypeList()) {
      if (e.getName().equals(name)) {
        return name + "OuterClass";
      }
    }
    for (ServiceDescriptorProto s : file.getServiceList()) {
      if (s.getName().equals(name)) {
        return name + "OuterClass";
      }
    }
    return name;
  }

  /** {@code hello_world-2} to {@code HelloWorld2} (or {@code helloWorld2}). */
  static String camelCase(String s, boolean upperFirst) {
    StringBuilder out = new StringBuilder();
    boolean upper = upperFirst;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c)) {
        out.append(upper ? Character.toUpperCase(c) : out.length() == 0 && !upperFirst
            ? Character.toLowerCase(c) : c);
        upper = false;
      } else if (Character.isDigit(c)) {
        out.append(c);
        upper = true;
      } else {
        upper = true;
      }
    }
    return out.toString();
  }
}
