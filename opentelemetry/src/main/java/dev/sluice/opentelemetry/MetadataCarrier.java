package dev.sluice.opentelemetry;

import dev.sluice.Metadata;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Base64;

/**
 * Sluice {@link Metadata} as the carrier of OpenTelemetry's text map propagators (W3C {@code
 * traceparent}, {@code tracestate}, {@code baggage}, or whatever the application configured).
 * Keys ending in {@code -bin} carry bytes in metadata and base64 text in the propagator's view.
 */
final class MetadataCarrier {

  private MetadataCarrier() {}

  /** Reads request headers. */
  static final TextMapGetter<Metadata> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Metadata carrier) {
      return carrier.keys();
    }

    @Override
    public String get(Metadata carrier, String key) {
      if (carrier == null) {
        return null;
      }
      if (Metadata.isBinaryKey(key)) {
        byte[] value = carrier.getBinary(key);
        return value == null ? null : Base64.getEncoder().encodeToString(value);
      }
      return carrier.get(key);
    }
  };

  /**
   * {@code context} injected into a copy of {@code headers} by {@code propagator}; {@code
   * headers} itself when the propagator wrote nothing (no valid span, no baggage). An entry the
   * propagator writes replaces any under the same key, so a copy of headers that were already
   * injected once (a retry's) carries only the new attempt's context.
   */
  static Metadata inject(TextMapPropagator propagator, Context context, Metadata headers) {
    Copy copy = new Copy(headers);
    propagator.inject(context, copy, SETTER);
    return copy.copy != null ? copy.copy : headers;
  }

  /** The headers being injected, copied at the first entry written. */
  private static final class Copy {
    final Metadata original;
    Metadata copy;

    Copy(Metadata original) {
      this.original = original;
    }

    void set(String key, String value) {
      if (copy == null) {
        copy = new Metadata(original);
      }
      copy.removeAll(key);
      if (Metadata.isBinaryKey(key)) {
        copy.addBinary(key, Base64.getDecoder().decode(value));
      } else {
        copy.add(key, value);
      }
    }
  }

  private static final TextMapSetter<Copy> SETTER = (carrier, key, value) -> {
    if (carrier != null && key != null && value != null) {
      carrier.set(key, value);
    }
  };
}
