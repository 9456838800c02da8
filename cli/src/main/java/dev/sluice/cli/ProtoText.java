package dev.sluice.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.Locale;

/** Descriptors written back as {@code .proto} text, for {@code sluice describe}. */
final class ProtoText {

  private ProtoText() {}

  /** {@code d} as .proto text, preceded by a line saying what it is. */
  static String describe(GenericDescriptor d) {
    StringBuilder out = new StringBuilder();
    String kind = d instanceof ServiceDescriptor ? "a service"
        : d instanceof MethodDescriptor ? "a method"
        : d instanceof Descriptor ? "a message" : "an enum";
    out.append(d.getFullName()).append(" is ").append(kind).append(" (")
        .append(d.getFile().getName()).append("):\n");
    if (d instanceof ServiceDescriptor s) {
      out.append("service ").append(s.getName()).append(" {\n");
      for (MethodDescriptor m : s.getMethods()) {
        method(out, "  ", m);
      }
      out.append("}\n");
    } else if (d instanceof MethodDescriptor m) {
      method(out, "", m);
    } else if (d instanceof Descriptor m) {
      message(out, "", m);
    } else if (d instanceof EnumDescriptor e) {
      enumeration(out, "", e);
    }
    return out.toString();
  }

  private static void method(StringBuilder out, String indent, MethodDescriptor m) {
    out.append(indent).append("rpc ").append(m.getName()).append("(")
        .append(m.toProto().getClientStreaming() ? "stream " : "")
        .append('.').append(m.getInputType().getFullName()).append(") returns (")
        .append(m.toProto().getServerStreaming() ? "stream " : "")
        .append('.').append(m.getOutputType().getFullName()).append(");\n");
  }

  private static void message(StringBuilder out, String indent, Descriptor m) {
    out.append(indent).append("message ").append(m.getName()).append(" {\n");
    String inner = indent + "  ";
    OneofDescriptor openOneof = null;
    for (FieldDescriptor f : m.getFields()) {
      OneofDescriptor oneof = f.getRealContainingOneof();
      if (oneof != openOneof) {
        if (openOneof != null) {
          out.append(inner).append("}\n");
        }
        if (oneof != null) {
          out.append(inner).append("oneof ").append(oneof.getName()).append(" {\n");
        }
        openOneof = oneof;
      }
      field(out, oneof != null ? inner + "  " : inner, f);
    }
    if (openOneof != null) {
      out.append(inner).append("}\n");
    }
    for (Descriptor nested : m.getNestedTypes()) {
      if (!nested.getOptions().getMapEntry()) {
        message(out, inner, nested);
      }
    }
    for (EnumDescriptor e : m.getEnumTypes()) {
      enumeration(out, inner, e);
    }
    if (m.toProto().getExtensionRangeCount() > 0) {
      for (var r : m.toProto().getExtensionRangeList()) {
        out.append(inner).append("extensions ").append(r.getStart()).append(" to ")
            .append(r.getEnd() - 1).append(";\n");
      }
    }
    out.append(indent).append("}\n");
  }

  private static void field(StringBuilder out, String indent, FieldDescriptor f) {
    out.append(indent);
    if (f.isMapField()) {
      Descriptor entry = f.getMessageType();
      out.append("map<").append(type(entry.findFieldByNumber(1))).append(", ")
          .append(type(entry.findFieldByNumber(2))).append(">");
    } else {
      if (f.isRepeated()) {
        out.append("repeated ");
      } else if (f.hasPresence() && f.getRealContainingOneof() == null
          && f.getType() != FieldDescriptor.Type.MESSAGE) {
        out.append("optional ");
      } else if (f.isRequired()) {
        out.append("required ");
      }
      out.append(type(f));
    }
    out.append(' ').append(f.getName()).append(" = ").append(f.getNumber()).append(";\n");
  }

  private static String type(FieldDescriptor f) {
    return switch (f.getType()) {
      case MESSAGE, GROUP -> "." + f.getMessageType().getFullName();
      case ENUM -> "." + f.getEnumType().getFullName();
      default -> f.getType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static void enumeration(StringBuilder out, String indent, EnumDescriptor e) {
    out.append(indent).append("enum ").append(e.getName()).append(" {\n");
    for (EnumValueDescriptor v : e.getValues()) {
      out.append(indent).append("  ").append(v.getName()).append(" = ").append(v.getNumber())
          .append(";\n");
    }
    out.append(indent).append("}\n");
  }
}
