package dev.sluice.h2.frame;

/**
 * The priority fields of a PRIORITY frame or a HEADERS frame with the PRIORITY flag
 * (RFC 9113 §6.3). RFC 9113 deprecates this scheme (§5.3.2), but the fields must still be parsed
 * to find the header block and to reject self-dependency.
 *
 * @param streamDependency the stream this one depends on, 31 bits, 0 for the root
 * @param weight the weight as the RFC states it, 1 to 256 (the wire carries weight - 1)
 * @param exclusive the E bit
 */
public record PrioritySpec(int streamDependency, int weight, boolean exclusive) {
  /** Size of the priority fields on the wire. */
  public static final int LENGTH = 5;

  /** Validates the ranges. */
  public PrioritySpec {
    if (streamDependency < 0) {
      throw new IllegalArgumentException("streamDependency must be 31-bit: " + streamDependency);
    }
    if (weight < 1 || weight > 256) {
      throw new IllegalArgumentException("weight must be in [1, 256]: " + weight);
    }
  }
}
