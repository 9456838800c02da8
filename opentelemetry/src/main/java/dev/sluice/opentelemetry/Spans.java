package dev.sluice.opentelemetry;

import dev.sluice.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * Attributes and events of Sluice's spans, from OpenTelemetry's RPC semantic conventions; {@link
 * MethodSpans} has the names (as grpc-java's OpenTelemetry module makes them, gRFC A72).
 */
final class Spans {

  private Spans() {}

  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("rpc.grpc.status_code");
  static final AttributeKey<Long> PREVIOUS_ATTEMPTS =
      AttributeKey.longKey("previous-rpc-attempts");
  static final AttributeKey<Boolean> TRANSPARENT_RETRY =
      AttributeKey.booleanKey("transparent-retry");
  static final AttributeKey<Long> SEQUENCE = AttributeKey.longKey("sequence-number");
  static final AttributeKey<Long> MESSAGE_SIZE = AttributeKey.longKey("message-size");
  static final AttributeKey<Long> MESSAGE_SIZE_COMPRESSED =
      AttributeKey.longKey("message-size-compressed");

  static final String OUTBOUND = "Outbound message";
  static final String INBOUND = "Inbound message";

  /** A message event: its sequence number in its direction, and its size under {@code key}. */
  static void message(Span span, String event, long sequence, AttributeKey<Long> key,
      long bytes) {
    span.addEvent(event, bytes < 0 ? Attributes.of(SEQUENCE, sequence)
        : Attributes.of(SEQUENCE, sequence, key, bytes));
  }

  /**
   * Ends {@code span} with the call's status: the code as {@code rpc.grpc.status_code}; span
   * status ERROR with {@code CODE: description} for anything but OK, left unset for OK (as the
   * OpenTelemetry specification asks of instrumentation libraries).
   */
  static void end(Span span, Status status) {
    span.setAttribute(STATUS_CODE, status.code().value());
    if (!status.isOk()) {
      String description = status.description();
      span.setStatus(StatusCode.ERROR, description == null ? status.code().name()
          : status.code().name() + ": " + description);
    }
    span.end();
  }
}
