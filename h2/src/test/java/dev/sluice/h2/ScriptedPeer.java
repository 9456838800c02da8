package dev.sluice.h2;

import dev.sluice.h2.frame.FrameReader;
import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.frame.PrioritySpec;
import dev.sluice.h2.frame.ReaderLimits;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.h2.hpack.HpackDecoder;
import dev.sluice.h2.hpack.HpackEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hand-driven HTTP/2 peer for connection tests: writes frames into an {@link EmbeddedChannel}
 * that runs our connection, and reads back what the connection wrote, decoded. Deterministic:
 * nothing runs unless the test runs the channel's pending tasks.
 */
final class ScriptedPeer {

  /** A frame the connection sent. */
  sealed interface Frame {}

  record Data(int streamId, byte[] bytes, boolean endStream) implements Frame {}

  record Headers(int streamId, List<HeaderField> fields, boolean endStream) implements Frame {
    String get(String name) {
      for (HeaderField f : fields) {
        if (f.name().equals(name)) {
          return f.value();
        }
      }
      return null;
    }
  }

  record Rst(int streamId, Http2ErrorCode code) implements Frame {}

  record Settings(Http2Settings settings) implements Frame {}

  record SettingsAck() implements Frame {}

  record Ping(boolean ack, long data) implements Frame {}

  record GoAway(int lastStreamId, Http2ErrorCode code, String debug) implements Frame {}

  record WindowUpdate(int streamId, int increment) implements Frame {}

  final EmbeddedChannel channel;
  private final FrameWriter writer = new FrameWriter();
  private final HpackEncoder encoder = new HpackEncoder();
  private final HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
  private final List<Frame> received = new ArrayList<>();
  private final FrameReader reader;

  ScriptedPeer(EmbeddedChannel channel, boolean peerIsClient) {
    this.channel = channel;
    FrameReader.Handler h = new Recorder();
    // We read what the connection under test writes: a client reads a server and vice versa.
    // Header blocks as large as the connection may legally write (tests of CONTINUATION).
    ReaderLimits limits = ReaderLimits.DEFAULT.withMaxHeaderBlockBytes(1 << 20);
    this.reader = peerIsClient
        ? FrameReader.forClient(h, ByteBufAllocator.DEFAULT, limits)
        : FrameReader.forServer(h, ByteBufAllocator.DEFAULT, limits);
  }

  /** Writes raw bytes built by {@code w} to the connection and runs what it triggers. */
  ScriptedPeer send(Consumer<ByteBuf> w) {
    ByteBuf buf = Unpooled.buffer();
    w.accept(buf);
    channel.writeInbound(buf);
    run();
    return this;
  }

  /** The writer the peer's frames are made with, for frames sent together in one read. */
  FrameWriter writer() {
    return writer;
  }

  /** HPACK-encodes {@code fields} with the peer's encoder, for HEADERS built by hand. */
  ByteBuf headerBlock(List<HeaderField> fields) {
    ByteBuf block = Unpooled.buffer();
    encoder.encode(fields, block);
    return block;
  }

  ScriptedPeer preface() {
    return send(writer::clientPreface);
  }

  ScriptedPeer settings(Http2Settings s) {
    return send(b -> writer.settings(b, s));
  }

  ScriptedPeer settingsAck() {
    return send(writer::settingsAck);
  }

  ScriptedPeer headers(int id, List<HeaderField> fields, boolean endStream) {
    ByteBuf block = Unpooled.buffer();
    encoder.encode(fields, block);
    return send(b -> writer.headers(b, id, block, endStream, null, 0));
  }

  ScriptedPeer data(int id, byte[] bytes, boolean endStream) {
    return send(b -> writer.data(b, id, Unpooled.wrappedBuffer(bytes), endStream, 0));
  }

  /** A gRPC message: the 5-byte prefix and the bytes. */
  ScriptedPeer message(int id, String text, boolean endStream) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    ByteBuf m = Unpooled.buffer().writeByte(0).writeInt(body.length).writeBytes(body);
    byte[] all = new byte[m.readableBytes()];
    m.readBytes(all);
    return data(id, all, endStream);
  }

  ScriptedPeer rst(int id, Http2ErrorCode code) {
    return send(b -> writer.rstStream(b, id, code));
  }

  ScriptedPeer ping(long data) {
    return send(b -> writer.ping(b, false, data));
  }

  ScriptedPeer windowUpdate(int id, int increment) {
    return send(b -> writer.windowUpdate(b, id, increment));
  }

  /**
   * A frame written byte by byte: any type, flags, stream id (reserved bit included) and
   * payload, however malformed, for the rules of RFC 9113 §4 and §6 the writer would refuse.
   */
  ScriptedPeer rawFrame(int type, int flags, int streamId, byte... payload) {
    return send(b -> b.writeMedium(payload.length).writeByte(type).writeByte(flags)
        .writeInt(streamId).writeBytes(payload));
  }

  /** The peer reads frames up to {@code size} octets: the SETTINGS_MAX_FRAME_SIZE it sent. */
  void acceptFramesUpTo(int size) {
    reader.maxFrameSize(size);
  }

  /**
   * The peer's SETTINGS_HEADER_TABLE_SIZE, as if acknowledged: the connection's next header block
   * must start with a table size update, and index no more than {@code size} octets.
   */
  void decoderTableSize(int size) {
    decoder.setMaxTableSize(size);
  }

  /** A WINDOW_UPDATE with any increment, 0 included (which the writer refuses to make). */
  ScriptedPeer rawWindowUpdate(int id, int increment) {
    return send(b -> writer.unknownFrame(b, 0x8, id, 0, Unpooled.buffer(4).writeInt(increment)));
  }

  ScriptedPeer goAway(int last, Http2ErrorCode code) {
    return send(b -> writer.goAway(b, last, code, Unpooled.EMPTY_BUFFER));
  }

  /** Runs pending tasks and scheduled work due now. */
  void run() {
    channel.runPendingTasks();
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();
  }

  /** Everything the connection wrote since the last call, decoded. */
  List<Frame> frames() {
    run();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      try {
        reader.read(out);
      } catch (Http2Exception e) {
        throw new AssertionError("The connection wrote an invalid frame: " + e, e);
      } finally {
        out.release();
      }
    }
    List<Frame> copy = new ArrayList<>(received);
    received.clear();
    return copy;
  }

  @SuppressWarnings("unchecked")
  <T extends Frame> List<T> frames(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Frame f : frames()) {
      if (type.isInstance(f)) {
        out.add((T) f);
      }
    }
    return out;
  }

  private final class Recorder implements FrameReader.Handler {
    @Override
    public void data(int streamId, ByteBuf data, boolean endStream, int flowControlledBytes) {
      byte[] b = new byte[data.readableBytes()];
      data.readBytes(b);
      data.release();
      received.add(new Data(streamId, b, endStream));
    }

    @Override
    public void headers(int streamId, ByteBuf headerBlock, boolean endStream,
        PrioritySpec priority) {
      List<HeaderField> fields = new ArrayList<>();
      try {
        decoder.decode(headerBlock, (n, v, s) -> fields.add(new HeaderField(n, v, s)));
      } catch (Exception e) {
        throw new AssertionError("The connection wrote a bad header block", e);
      }
      received.add(new Headers(streamId, fields, endStream));
    }

    @Override
    public void priority(int streamId, PrioritySpec priority) {}

    @Override
    public void rstStream(int streamId, Http2ErrorCode errorCode) {
      received.add(new Rst(streamId, errorCode));
    }

    @Override
    public void settings(Http2Settings settings) {
      received.add(new Settings(settings));
    }

    @Override
    public void settingsAck() {
      received.add(new SettingsAck());
    }

    @Override
    public void pushPromise(int streamId, int promisedStreamId, ByteBuf headerBlock) {}

    @Override
    public void ping(boolean ack, long opaqueData) {
      received.add(new Ping(ack, opaqueData));
    }

    @Override
    public void goAway(int lastStreamId, Http2ErrorCode errorCode, ByteBuf debugData) {
      received.add(new GoAway(lastStreamId, errorCode,
          debugData.toString(StandardCharsets.UTF_8)));
    }

    @Override
    public void windowUpdate(int streamId, int windowSizeIncrement) {
      received.add(new WindowUpdate(streamId, windowSizeIncrement));
    }

    @Override
    public void unknownFrame(int type, int streamId, int flags, ByteBuf payload) {}
  }
}
