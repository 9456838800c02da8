package dev.sluice.h2.frame;

/**
 * Limits the {@link FrameReader} enforces against hostile peers. Each one is a connection error
 * {@link Http2ErrorCode#ENHANCE_YOUR_CALM} when exceeded. They bound memory and CPU only; RFC
 * 9113 does not require any of them.
 *
 * @param maxContinuationFrames CONTINUATION frames allowed per header block. Counting frames, not
 *     only bytes, stops floods of empty CONTINUATION frames (VU#421644, CVE-2026-33871).
 * @param maxHeaderBlockBytes raw (still HPACK-encoded) bytes allowed in one header block across
 *     HEADERS or PUSH_PROMISE and all its CONTINUATION frames, padding excluded. The default is
 *     about 1.25 × an 8 KiB header list limit, which is where Netty gives up on a block.
 * @param maxSettingsEntries settings allowed in one SETTINGS frame (nghttp2 uses 32, the
 *     CVE-2020-11080 fix).
 * @param maxConsecutiveEmptyDataFrames DATA frames with no data and no END_STREAM allowed in a
 *     row, on any streams (CVE-2019-9518). A HEADERS frame or a DATA frame with data or
 *     END_STREAM resets the count.
 */
public record ReaderLimits(
    int maxContinuationFrames,
    int maxHeaderBlockBytes,
    int maxSettingsEntries,
    int maxConsecutiveEmptyDataFrames) {

  /** 16 CONTINUATIONs, 10240 header block bytes, 32 settings, 10 empty DATA frames. */
  public static final ReaderLimits DEFAULT = new ReaderLimits(16, 10_240, 32, 10);

  /** Validates that every limit is non-negative. */
  public ReaderLimits {
    requireNonNegative(maxContinuationFrames, "maxContinuationFrames");
    requireNonNegative(maxHeaderBlockBytes, "maxHeaderBlockBytes");
    requireNonNegative(maxSettingsEntries, "maxSettingsEntries");
    requireNonNegative(maxConsecutiveEmptyDataFrames, "maxConsecutiveEmptyDataFrames");
  }

  /** A copy with another CONTINUATION frame limit. */
  public ReaderLimits withMaxContinuationFrames(int value) {
    return new ReaderLimits(
        value, maxHeaderBlockBytes, maxSettingsEntries, maxConsecutiveEmptyDataFrames);
  }

  /** A copy with another header block byte limit. */
  public ReaderLimits withMaxHeaderBlockBytes(int value) {
    return new ReaderLimits(
        maxContinuationFrames, value, maxSettingsEntries, maxConsecutiveEmptyDataFrames);
  }

  /** A copy with another SETTINGS entry limit. */
  public ReaderLimits withMaxSettingsEntries(int value) {
    return new ReaderLimits(
        maxContinuationFrames, maxHeaderBlockBytes, value, maxConsecutiveEmptyDataFrames);
  }

  /** A copy with another empty DATA frame limit. */
  public ReaderLimits withMaxConsecutiveEmptyDataFrames(int value) {
    return new ReaderLimits(
        maxContinuationFrames, maxHeaderBlockBytes, maxSettingsEntries, value);
  }

  private static void requireNonNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0: " + value);
    }
  }
}
