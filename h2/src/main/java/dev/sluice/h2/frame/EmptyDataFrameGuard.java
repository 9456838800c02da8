package dev.sluice.h2.frame;

/**
 * Counts DATA frames that carry nothing: no data and no END_STREAM. Such frames cost the receiver
 * work but the sender nothing, and a flood of them is CVE-2019-9518. Single-threaded, like the
 * reader that owns it.
 */
final class EmptyDataFrameGuard {
  private final int maxConsecutive;
  private int consecutive;

  EmptyDataFrameGuard(int maxConsecutive) {
    this.maxConsecutive = maxConsecutive;
  }

  /** Records a DATA frame; throws once more than the limit arrive in a row. */
  void onData(int dataLength, boolean endStream) throws Http2Exception {
    if (dataLength > 0 || endStream) {
      consecutive = 0;
      return;
    }
    if (++consecutive > maxConsecutive) {
      // A local limit, not an RFC rule; RFC 9113 §10.5 lets us end abusive connections.
      throw Http2Exception.connectionError(
          Http2ErrorCode.ENHANCE_YOUR_CALM,
          "more than %d consecutive empty DATA frames", maxConsecutive);
    }
  }

  /** A HEADERS frame shows the peer doing real work, so the run of empty frames ends. */
  void onHeaders() {
    consecutive = 0;
  }
}
