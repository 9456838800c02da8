package dev.sluice.transport;

import dev.sluice.Status;
import java.util.Objects;

/**
 * A connection-wide operation, handed to {@link Transport#performTransportOp}. Each op's
 * callbacks run later on the transport's thread, never inside {@code performTransportOp}.
 */
public sealed interface TransportOp {

  /**
   * Server: installs the permanent accept-stream callback. A transport accepts no stream before
   * it has one; a client transport rejects this op.
   */
  record SetAcceptStream(StreamAcceptor acceptor) implements TransportOp {
    /**
     * Checks that the acceptor is there.
     *
     * @param acceptor told each stream the peer opens
     */
    public SetAcceptStream {
      Objects.requireNonNull(acceptor, "acceptor");
    }
  }

  /**
   * Sends a ping; its callback reports the ack or why none will come. A ping on a closed
   * transport fails with UNAVAILABLE.
   */
  record Ping(PingCallback callback) implements TransportOp {
    /**
     * Checks that the callback is there.
     *
     * @param callback told the ack or the failure
     */
    public Ping {
      Objects.requireNonNull(callback, "callback");
    }
  }

  /**
   * Tells the peer to open no more streams (HTTP/2 GOAWAY; graceful). Streams already accepted
   * finish; streams the peer opens after it fail with UNAVAILABLE, which is safe to retry.
   */
  record Goaway(Status status) implements TransportOp {
    /**
     * Checks that the status is there.
     *
     * @param status the reason, carried as the GOAWAY's debug data
     */
    public Goaway {
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Starts watching connectivity: the watcher is told the current state at once (later, on the
   * transport's thread), then every change, until {@link StopWatch} or SHUTDOWN.
   */
  record WatchConnectivity(ConnectivityWatcher watcher) implements TransportOp {
    /**
     * Checks that the watcher is there.
     *
     * @param watcher told the state and its changes
     */
    public WatchConnectivity {
      Objects.requireNonNull(watcher, "watcher");
    }
  }

  /** Stops a watch started by {@link WatchConnectivity}. */
  record StopWatch(ConnectivityWatcher watcher) implements TransportOp {
    /**
     * Checks that the watcher is there.
     *
     * @param watcher the watcher to stop telling
     */
    public StopWatch {
      Objects.requireNonNull(watcher, "watcher");
    }
  }

  /** Closes the transport now; every stream ends with {@code status}. Same as {@link Transport#close}. */
  record Disconnect(Status status) implements TransportOp {
    /**
     * Checks that the status is there.
     *
     * @param status the status the streams end with
     */
    public Disconnect {
      Objects.requireNonNull(status, "status");
    }
  }
}
