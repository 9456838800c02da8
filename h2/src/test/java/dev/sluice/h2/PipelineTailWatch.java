package dev.sluice.h2;

import io.netty.channel.DefaultChannelPipeline;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sees every inbound message that reaches the end of a Netty pipeline unread. Netty releases such
 * a message at the pipeline's tail and says so only in a debug log ("Discarded inbound message
 * ... Discarded message pipeline: [...]. Channel: [...]"); for a transport that is data lost, so
 * stress tests count these lines. Netty logs through java.util.logging here (no other logging
 * library is on h2's test class path); {@link #install} checks that it does.
 */
final class PipelineTailWatch extends Handler {

  private static final String DISCARDED = "Discarded inbound message";
  private static final String WHERE = "Discarded message pipeline";

  /** Held here: java.util.logging keeps its loggers only weakly. */
  private final Logger nettyPipelineLog = Logger.getLogger(DefaultChannelPipeline.class.getName());
  private final List<String> seen = new ArrayList<>();
  private Level levelBefore;

  /** Starts watching; the pipeline's debug log is switched on for this logger only. */
  void install() {
    if (!(InternalLoggerFactory.getDefaultFactory() instanceof JdkLoggerFactory)) {
      throw new IllegalStateException("Netty does not log through java.util.logging here ("
          + InternalLoggerFactory.getDefaultFactory() + "): discarded messages cannot be seen");
    }
    levelBefore = nettyPipelineLog.getLevel();
    setLevel(Level.FINE);
    nettyPipelineLog.setLevel(Level.FINE);
    nettyPipelineLog.addHandler(this);
  }

  void uninstall() {
    nettyPipelineLog.removeHandler(this);
    nettyPipelineLog.setLevel(levelBefore);
  }

  /**
   * Runs {@code action} and returns what was discarded meanwhile by a live connection, one line
   * per message. A message that reaches a channel already closed and torn down (inactive, its
   * pipeline down to the tail alone) is not counted: the transport was gone before the bytes came,
   * as with bytes that reach a closed socket. Netty 4.2.21 delivers such a late write of the peer
   * (a GOAWAY answering the client's graceful shutdown, say) to the closed in-memory channel.
   */
  List<String> during(Runnable action) {
    int before = count();
    action.run();
    List<String> live = new ArrayList<>();
    synchronized (seen) {
      for (String line : seen.subList(before, seen.size())) {
        if (!afterTeardown(line)) {
          live.add(line);
        }
      }
    }
    return live;
  }

  /** Netty's words for a channel closed and deregistered: only the tail left, and "!" (inactive). */
  static boolean afterTeardown(String line) {
    return line.contains(WHERE + " : [DefaultChannelPipeline$TailContext#0]. Channel : [")
        && line.contains(" ! R:");
  }

  private int count() {
    synchronized (seen) {
      return seen.size();
    }
  }

  @Override
  public void publish(LogRecord record) {
    String message = record.getMessage();
    if (message == null) {
      return;
    }
    synchronized (seen) {
      if (message.startsWith(DISCARDED)) {
        seen.add(message);
      } else if (message.startsWith(WHERE) && !seen.isEmpty()) {
        // Logged right after the message itself, on the same thread: say where it happened.
        int last = seen.size() - 1;
        seen.set(last, seen.get(last) + " " + message);
      }
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
