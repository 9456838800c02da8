package dev.sluice.compiler;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import java.util.List;

/** Turns the comments protoc keeps in {@code SourceCodeInfo} into javadoc. */
final class Javadoc {

  /** Field numbers of {@code FileDescriptorProto.service} and {@code ServiceDescriptorProto.method}. */
  static final int FILE_SERVICE = 6;
  static final int SERVICE_METHOD = 2;

  private Javadoc() {}

  /** The leading comment of the element at {@code path}, or "" when it has none. */
  static String comment(FileDescriptorProto file, List<Integer> path) {
    for (Location l : file.getSourceCodeInfo().getLocationList()) {
      if (l.getPathList().equals(path)) {
        return l.getLeadingComments().strip();
      }
    }
    return "";
  }

  /**
   * A javadoc block at {@code indent} with {@code comment} (escaped so it cannot end the block
   * or start a tag) followed by {@code extra} lines, which are already javadoc.
   */
  static String block(String indent, String comment, String... extra) {
    StringBuilder sb = new StringBuilder(indent).append("/**\n");
    boolean any = false;
    if (!comment.isEmpty()) {
      sb.append(indent).append(" * <pre>\n");
      for (String line : comment.split("\n", -1)) {
        sb.append(indent).append(" * ").append(escape(line.stripTrailing())).append('\n');
      }
      sb.append(indent).append(" * </pre>\n");
      any = true;
    }
    for (String e : extra) {
      if (any) {
        sb.append(indent).append(" *\n");
      }
      sb.append(indent).append(" * ").append(e).append('\n');
      any = true;
    }
    return sb.append(indent).append(" */\n").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("*/", "*&#47;").replace("@", "&#64;").replace("\\u", "\\\\u");
  }
}
