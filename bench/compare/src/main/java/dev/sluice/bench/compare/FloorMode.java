package dev.sluice.bench.compare;

import java.util.Locale;

/** The two client workloads of {@link NettyEchoFloor}, and what each one puts on the wire. */
enum FloorMode {

  /**
   * Small length-prefixed messages, each echoed whole before its slot sends the next: the floor
   * under the unary and streaming ping-pong scenarios.
   *
   * <p>16 bytes by default. On loopback a small round trip costs wake-ups and system calls, not
   * bytes, so any size up to a few hundred bytes gives about the same figure; a fixed small size
   * keeps the floor from depending on how many bytes one gRPC implementation or another spends
   * on an "empty" exchange (HEADERS, a DATA frame with the 5-byte message prefix, trailers).
   */
  PINGPONG(16),

  /**
   * Chunks (1 MiB by default) streamed through the echo, {@code outstanding} of them in flight:
   * the floor under the large_messages scenario (1 MiB each way, 4 outstanding).
   */
  BULK(1 << 20);

  private final int defaultSize;

  FloorMode(int defaultSize) {
    this.defaultSize = defaultSize;
  }

  /** Bytes of payload per exchange when {@code --size} is not given. */
  int defaultSize() {
    return defaultSize;
  }

  /** The name used on the command line and in the result line. */
  String flagName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A fresh exchange of this mode for one connection, {@code size} payload bytes each. */
  FloorExchange exchange(int size) {
    return switch (this) {
      case PINGPONG -> new PingPongExchange(size);
      case BULK -> new BulkExchange(size);
    };
  }

  /**
   * The mode named {@code name} on the command line.
   *
   * @throws IllegalArgumentException for any other name
   */
  static FloorMode parse(String name) {
    for (FloorMode mode : values()) {
      if (mode.flagName().equals(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("Unknown --mode=" + name + "; known: pingpong, bulk");
  }
}
