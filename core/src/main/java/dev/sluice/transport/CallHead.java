package dev.sluice.transport;

import dev.sluice.Deadline;
import java.util.Objects;

/**
 * What a stream is for, known before any op runs: the method path, the authority and the
 * deadline. The client hands it to {@link Transport#initStream}; the server receives it with each
 * accepted stream (on HTTP/2 it comes from {@code :path}, {@code :authority} and
 * {@code grpc-timeout}).
 *
 * @param path {@code /package.Service/Method}
 * @param authority the virtual host, or null for the transport's default
 * @param deadline when the call must end, or null for none
 */
public record CallHead(String path, String authority, Deadline deadline) {
  /**
   * Checks that the path is there.
   *
   * @param path {@code /package.Service/Method}
   * @param authority the virtual host, or null for the transport's default
   * @param deadline when the call must end, or null for none
   */
  public CallHead {
    Objects.requireNonNull(path, "path");
  }

  /**
   * {@code package.Service/Method}: the path without its leading slash.
   *
   * @return the full method name
   */
  public String fullMethodName() {
    return path.startsWith("/") ? path.substring(1) : path;
  }
}
