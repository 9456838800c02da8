package dev.sluice.bench.harness;

import java.util.Locale;
import java.util.Objects;

/**
 * What a closed-loop run drives: over which transport, which call kind, how many connections and
 * calls in flight on each, and the payload size each way.
 *
 * @param transport HTTP/2 to another process, or in process (client and server in one JVM)
 * @param mode unary calls, or ping-pong messages on long-lived streams
 * @param channels connections (channels), each with {@code outstanding} calls or streams
 * @param outstanding calls (or streams) in flight on each channel
 * @param payload bytes of payload in each request and each response
 */
public record LoadShape(Transport transport, Mode mode, int channels, int outstanding,
    int payload) {

  /** Where the server is. */
  public enum Transport {
    /** Plaintext HTTP/2 on loopback, server in another process. */
    H2,
    /** The library's in-process transport, server and client in one JVM. */
    INPROC;

    /** The name in result lines. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The call kind. */
  public enum Mode {
    /** {@code UnaryCall}: each completion starts a new call. */
    UNARY,
    /** {@code StreamingCall}: each response sends the next request on the same stream. */
    STREAMING;

    /** The name in result lines. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LoadShape {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(mode, "mode");
  }

  /** The number of independent loops: one per call (or stream) in flight. */
  public int loops() {
    return channels * outstanding;
  }
}
