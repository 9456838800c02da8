package dev.sluice.transport;

/**
 * A transport's handle for one stream (one call). Created by {@link Transport#initStream} on the
 * client and handed to the {@link StreamAcceptor} on the server; used only with the transport
 * that made it.
 */
public interface TransportStream {

  /**
   * True for the client's end of the stream.
   *
   * @return whether this is the client's end
   */
  boolean isClient();

  /**
   * This stream's counters; complete once recvTrailingMetadata has completed.
   *
   * @return the stream's byte, frame and message counts and times
   */
  StreamStats stats();
}
