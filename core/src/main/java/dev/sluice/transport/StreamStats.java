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
  private boolean unprocessed;
  private volatile Endpoint endpoint;

  /**
   * The transport records the connection the stream runs on.
   *
   * @param endpoint the connection's addresses and TLS details
   */
  public void endpoint(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * The connection the stream ran on (addresses, TLS and the peer's certificates), or null when
   * the transport does not tell. Set once the stream has a connection; any thread may read it.
   *
   * @return the connection, or null
   */
  public Endpoint endpoint() {
    return endpoint;
  }

  /**
   * Counts an outgoing frame: its header bytes, data bytes and framing overhead.
   *
   * @param headerBytes bytes of HEADERS and CONTINUATION frame payloads
   * @param dataBytes bytes of DATA frame payloads
   * @param framingBytes frame headers and padding
   */
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

  /**
   * Counts an incoming frame.
   *
   * @param headerBytes bytes of HEADERS and CONTINUATION frame payloads
   * @param dataBytes bytes of DATA frame payloads
   * @param framingBytes frame headers and padding
   */
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

  /** Counts a message sent. */
  public void recordMessageSent() {
    messagesSent++;
  }

  /** Counts a message received. */
  public void recordMessageReceived() {
    messagesReceived++;
  }

  /** Counts a time the stream had data to send but no flow-control credit. */
  public void recordFlowControlStall() {
    flowControlStalls++;
  }

  /**
   * Client: records that the peer said it did not process this stream — an HTTP/2 RST_STREAM
   * with REFUSED_STREAM, or a GOAWAY whose last-stream-id is below the stream's id — so the
   * server application never saw the call and the channel may retry it on another connection.
   */
  public void markUnprocessed() {
    unprocessed = true;
  }

  /**
   * True when the peer said it did not process this stream; see {@link #markUnprocessed()}.
   *
   * @return whether the peer did not process the stream
   */
  public boolean unprocessed() {
    return unprocessed;
  }

  /**
   * True when nothing of this stream crossed the connection either way: no frame sent, none
   * received. A stream that failed in this state never reached the server.
   *
   * @return whether nothing was sent or received
   */
  public boolean neverSent() {
    return framesSent == 0 && framesReceived == 0;
  }

  /** {@return when the stream was created, as {@link System#nanoTime()}} */
  public long createdNanos() {
    return createdNanos;
  }

  /** {@return the bytes of header blocks sent} */
  public long headerBytesSent() {
    return headerBytesSent;
  }

  /** {@return the bytes of message data sent} */
  public long dataBytesSent() {
    return dataBytesSent;
  }

  /** {@return the bytes of framing sent: frame headers and padding} */
  public long framingBytesSent() {
    return framingBytesSent;
  }

  /** {@return the number of frames sent} */
  public long framesSent() {
    return framesSent;
  }

  /** {@return the number of messages sent} */
  public long messagesSent() {
    return messagesSent;
  }

  /** {@return the bytes of header blocks received} */
  public long headerBytesReceived() {
    return headerBytesReceived;
  }

  /** {@return the bytes of message data received} */
  public long dataBytesReceived() {
    return dataBytesReceived;
  }

  /** {@return the bytes of framing received: frame headers and padding} */
  public long framingBytesReceived() {
    return framingBytesReceived;
  }

  /** {@return the number of frames received} */
  public long framesReceived() {
    return framesReceived;
  }

  /** {@return the number of messages received} */
  public long messagesReceived() {
    return messagesReceived;
  }

  /** {@return when the first byte was sent, or 0} */
  public long firstByteSentNanos() {
    return firstByteSentNanos;
  }

  /** {@return when the last byte was sent, or 0} */
  public long lastByteSentNanos() {
    return lastByteSentNanos;
  }

  /** {@return when the first byte was received, or 0} */
  public long firstByteReceivedNanos() {
    return firstByteReceivedNanos;
  }

  /** {@return when the last byte was received, or 0} */
  public long lastByteReceivedNanos() {
    return lastByteReceivedNanos;
  }

  /** {@return how often the stream had data to send but no flow-control credit} */
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
