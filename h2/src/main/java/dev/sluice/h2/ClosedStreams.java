package dev.sluice.h2;

/**
 * The most recently closed streams and how each closed, so that a frame arriving on one later
 * gets the answer RFC 9113 §5.1 asks for: ignored after we sent RST_STREAM (it may have crossed
 * ours), a stream error STREAM_CLOSED after the peer's RST_STREAM, a connection error
 * STREAM_CLOSED after the peer's END_STREAM. Bounded: the oldest entries are forgotten, and a
 * forgotten stream is {@link LateFrame#UNKNOWN}. Runs on the connection's thread only.
 */
final class ClosedStreams {

  /** What a frame on a closed stream calls for. */
  enum LateFrame {
    /** Not among the streams remembered. */
    UNKNOWN,
    /** We reset the stream, or ended it on our own: frames in flight are dropped. */
    IGNORE,
    /** The peer reset the stream: stream error STREAM_CLOSED. */
    STREAM_ERROR,
    /** The peer ended the stream with END_STREAM: connection error STREAM_CLOSED. */
    CONNECTION_ERROR
  }

  /** Enough for the streams that close within a round trip on a busy connection. */
  static final int CAPACITY = 512;

  private static final LateFrame[] KINDS = LateFrame.values();

  private int[] ids;
  private byte[] kinds;
  private int next;
  private int size;

  /** Remembers that stream {@code id} closed, and what a later frame on it calls for. */
  void record(int id, LateFrame kind) {
    if (ids == null) {
      ids = new int[CAPACITY];
      kinds = new byte[CAPACITY];
    }
    ids[next] = id;
    kinds[next] = (byte) kind.ordinal();
    next = (next + 1) % CAPACITY;
    size = Math.min(size + 1, CAPACITY);
  }

  /** Remembers {@code s}, which just left the open streams. */
  void record(H2Stream s) {
    record(s.id, s.resetSent ? LateFrame.IGNORE
        : s.resetReceived ? LateFrame.STREAM_ERROR
        : s.peerEnded ? LateFrame.CONNECTION_ERROR
        : LateFrame.IGNORE);
  }

  /** What a frame on closed stream {@code id} calls for; the latest record wins. */
  LateFrame lookup(int id) {
    for (int i = 1; i <= size; i++) {
      int slot = (next - i + CAPACITY) % CAPACITY;
      if (ids[slot] == id) {
        return KINDS[kinds[slot]];
      }
    }
    return LateFrame.UNKNOWN;
  }
}
