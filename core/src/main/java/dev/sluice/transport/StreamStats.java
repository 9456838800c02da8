package dev.sluice.transport;

/**
 * Per-stream statistics, kept by the transport and readable after the call ends (once
 * recvTrailingMetadata has completed, everything the transport will count is counted).
 *
 * <p>Written only on the transport's thread; the happens-before edge of the final callback makes
 * the values visible to the reader. Times are {@link System#nanoTime()} values, 0 when the event
 * did not happen.
 */
public final class StreamStats {

  private final long createdNanos = System.nanoTime();
  private long headerBytesSent;
  private long dataBytesSent;
  private long framingBytesSent;
  private long framesSent;
  private long messagesSent;
  private long headerBytesReceived;
  private long dataBytesReceived;
  private long framingBytesReceived;
  private long framesReceived;
  private long messagesReceived;
  private long firstByteSentNanos;
  private long lastByteSentNanos;
  private long firstByteReceivedNanos;
  private long lastByteReceivedNanos;
  private long flowControlStalls;

  /** Counts an outgoing frame: its header bytes, data bytes and framing overhead. */
  public void recordSent(long headerBytes, long dataBytes, long framingBytes) {
    headerBytesSent += headerBytes;
    dataBytesSent += dataBytes;
    framingBytesSent += framingBytes;
    framesSent++;
    long now = System.nanoTime();
    if (firstByteSentNanos == 0) {
      firstByteSentNanos = now;
    }
    lastByteSentNanos = now;
  }

  /** Counts an incoming frame. */
  public void recordReceived(long headerBytes, long dataBytes, long framingBytes) {
    headerBytesReceived += headerBytes;
    dataBytesReceived += dataBytes;
    framingBytesReceived += framingBytes;
    framesReceived++;
    long now = System.nanoTime();
    if (firstByteReceivedNanos == 0) {
      firstByteReceivedNanos = now;
    }
    lastByteReceivedNanos = now;
  }

  public void recordMessageSent() {
    messagesSent++;
  }

  public void recordMessageReceived() {
    messagesReceived++;
  }

  /** Counts a time the stream had data to send but no flow-control credit. */
  public void recordFlowControlStall() {
    flowControlStalls++;
  }

  public long createdNanos() {
    return createdNanos;
  }

  public long headerBytesSent() {
    return headerBytesSent;
  }

  public long dataBytesSent() {
    return dataBytesSent;
  }

  public long framingBytesSent() {
    return framingBytesSent;
  }

  public long framesSent() {
    return framesSent;
  }

  public long messagesSent() {
    return messagesSent;
  }

  public long headerBytesReceived() {
    return headerBytesReceived;
  }

  public long dataBytesReceived() {
    return dataBytesReceived;
  }

  public long framingBytesReceived() {
    return framingBytesReceived;
  }

  public long framesReceived() {
    return framesReceived;
  }

  public long messagesReceived() {
    return messagesReceived;
  }

  public long firstByteSentNanos() {
    return firstByteSentNanos;
  }

  public long lastByteSentNanos() {
    return lastByteSentNanos;
  }

  public long firstByteReceivedNanos() {
    return firstByteReceivedNanos;
  }

  public long lastByteReceivedNanos() {
    return lastByteReceivedNanos;
  }

  public long flowControlStalls() {
    return flowControlStalls;
  }

  @Override
  public String toString() {
    return "StreamStats{sent=" + messagesSent + " msgs/" + (headerBytesSent + dataBytesSent
        + framingBytesSent) + " B, received=" + messagesReceived + " msgs/"
        + (headerBytesReceived + dataBytesReceived + framingBytesReceived) + " B, stalls="
        + flowControlStalls + "}";
  }
}
