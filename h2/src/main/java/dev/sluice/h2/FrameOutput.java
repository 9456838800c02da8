package dev.sluice.h2;

import dev.sluice.h2.frame.Http2ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;

/**
 * Write coalescing: the frames one event-loop turn produces go into one buffer, large DATA
 * payloads are queued behind it as they are, and the turn ends in one gathering write and one
 * flush. Also the flood guard on replies a peer forces us to write while it does not read. Runs
 * on the connection's thread only.
 */
final class FrameOutput {

  private final Http2Connection conn;
  private ByteBuf out;
  /** Buffers of this turn closed for writing, in order, ahead of {@link #out}. */
  private final ArrayDeque<ByteBuf> sealed = new ArrayDeque<>(4);
  /** The last write handed to Netty: a graceful close waits for it. */
  private ChannelFuture lastWrite;
  private boolean flushScheduled;
  /** Control-frame replies produced while the peer was not reading (flood guard). */
  private int queuedControlReplies;

  /** Any failed write fails the connection. */
  private final ChannelFutureListener onWritten;

  FrameOutput(Http2Connection conn) {
    this.conn = conn;
    this.onWritten = f -> {
      if (!f.isSuccess()) {
        conn.exceptionCaught(conn.ctx(), f.cause());
      }
    };
  }

  /** The buffer frames of this turn go into. */
  ByteBuf out() {
    if (out == null) {
      out = conn.alloc.buffer(1024);
    }
    scheduleFlush();
    return out;
  }

  private void scheduleFlush() {
    if (!flushScheduled && conn.channel != null) {
      flushScheduled = true;
      conn.channel.eventLoop().execute(this::flushNow);
    }
  }

  /**
   * Queues {@code payload} (the caller passes its reference) to be written after everything this
   * turn has produced so far, as it is: large DATA payloads reach the socket without being copied
   * into the turn's buffer. Frames written after it go into a new buffer.
   */
  void appendPayload(ByteBuf payload) {
    if (out != null && out.isReadable()) {
      sealed.add(out);
      out = null;
    }
    sealed.add(payload);
    scheduleFlush();
  }

  /** Writes and flushes everything this turn produced: one flush, one gathering write. */
  void flushNow() {
    flushScheduled = false;
    if (conn.ctx() == null || (out == null && sealed.isEmpty())) {
      return;
    }
    boolean active = conn.channel.isActive();
    boolean wrote = false;
    ByteBuf b;
    while ((b = sealed.poll()) != null) {
      wrote |= write(b, active);
    }
    ByteBuf o = out;
    out = null;
    if (o != null) {
      wrote |= write(o, active);
    }
    if (wrote) {
      conn.ctx().flush();
    }
  }

  private boolean write(ByteBuf b, boolean active) {
    if (!active || !b.isReadable()) {
      b.release();
      return false;
    }
    if (conn.outboundLog != null) {
      conn.outboundLog.onBytes(b);
    }
    lastWrite = conn.ctx().write(b);
    lastWrite.addListener(onWritten);
    return true;
  }

  /** The last write handed to the channel, or null: a close waits for it. */
  ChannelFuture lastWrite() {
    return lastWrite;
  }

  boolean isWritable() {
    return conn.channel.isWritable();
  }

  /**
   * Counts a reply the peer's frame forced us to write (PING or SETTINGS ACK, RST_STREAM). A peer
   * that floods us with such frames while not reading our replies is cut off; until then we stop
   * reading from it, so replies cannot pile up.
   */
  boolean countControlReply() {
    if (conn.channel.isWritable()) {
      return true;
    }
    conn.channel.config().setAutoRead(false);
    if (++queuedControlReplies > conn.config.maxQueuedControlFrames()) {
      conn.end.connectionError(Http2ErrorCode.ENHANCE_YOUR_CALM, "Too many control frames queued ("
          + queuedControlReplies + ") for a peer that does not read");
      return false;
    }
    return true;
  }

  /** The channel can take writes again: the peer reads, so replies may flow and reading resumes. */
  void onWritable() {
    queuedControlReplies = 0;
    conn.channel.config().setAutoRead(true);
  }

  /** The channel closed: frees whatever was not written. */
  void releaseAll() {
    if (out != null) {
      out.release();
      out = null;
    }
    ByteBuf queued;
    while ((queued = sealed.poll()) != null) {
      queued.release();
    }
  }
}
