package dev.sluice.opentelemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What every span of one method shares, made once: the names {@code Sent.<method>}, {@code
 * Attempt.<method>} and {@code Recv.<method>} (the full name with its slash made a dot, as
 * grpc-java names its spans) and the RPC attributes of OpenTelemetry's semantic conventions.
 */
final class MethodSpans {

  /**
   * How many methods a {@link Cache} keeps. Past that (a server asked for made-up names), the
   * names are made per call again, so a peer cannot grow the cache without bound.
   */
  static final int CACHE_LIMIT = 1024;

  final String sent;
  final String attempt;
  final String recv;
  /** {@code rpc.system}, and {@code rpc.service} and {@code rpc.method} for a well-formed name. */
  final Attributes rpc;

  private MethodSpans(String fullMethodName) {
    String dotted = fullMethodName.replace('/', '.');
    this.sent = "Sent." + dotted;
    this.attempt = "Attempt." + dotted;
    this.recv = "Recv." + dotted;
    AttributesBuilder b = Attributes.builder().put(Spans.RPC_SYSTEM, "grpc");
    int slash = fullMethodName.lastIndexOf('/');
    if (slash > 0) {
      b.put(Spans.RPC_SERVICE, fullMethodName.substring(0, slash));
      b.put(Spans.RPC_METHOD, fullMethodName.substring(slash + 1));
    }
    this.rpc = b.build();
  }

  /** The names and attributes of {@code fullMethodName}'s spans, made afresh. */
  static MethodSpans of(String fullMethodName) {
    return new MethodSpans(fullMethodName);
  }

  /** The spans' names and attributes by full method name, up to {@link #CACHE_LIMIT} methods. */
  static final class Cache {
    private final ConcurrentMap<String, MethodSpans> byName = new ConcurrentHashMap<>();

    MethodSpans get(String fullMethodName) {
      MethodSpans m = byName.get(fullMethodName);
      if (m != null) {
        return m;
      }
      m = new MethodSpans(fullMethodName);
      if (byName.size() < CACHE_LIMIT) {
        MethodSpans raced = byName.putIfAbsent(fullMethodName, m);
        if (raced != null) {
          return raced;
        }
      }
      return m;
    }
  }
}
