package dev.sluice.h2.channel;

import dev.sluice.h2.frame.FrameReader;
import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.frame.PrioritySpec;
import dev.sluice.h2.frame.ReaderLimits;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.h2.hpack.HpackEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gRPC server written frame by frame over a blocking socket, for GOAWAY scenarios a real
 * server does not produce on demand. Its first connection waits for {@code firstBatch}
 * complete requests, then sends GOAWAY with the first stream's id as last-stream-id and answers
 * that stream alone ({@code "first"}). Later connections answer every request ({@code
 * "second"}).
 */
final class ScriptedH2Server implements AutoCloseable {

  private final ServerSocket socket;
  private final int firstBatch;
  /** Per connection, the ids of the streams whose requests arrived. */
  final List<List<Integer>> streams = new CopyOnWriteArrayList<>();

  ScriptedH2Server(int firstBatch) throws IOException {
    this.firstBatch = firstBatch;
    this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread t = new Thread(this::acceptLoop, "scripted-h2");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        List<Integer> ids = new CopyOnWriteArrayList<>();
        int index = streams.size();
        streams.add(ids);
        Thread t = new Thread(() -> serve(s, index == 0, ids), "scripted-h2-conn-" + index);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s, boolean first, List<Integer> ids) {
    FrameWriter writer = new FrameWriter();
    HpackEncoder encoder = new HpackEncoder();
    Events events = new Events();
    FrameReader reader = FrameReader.forServer(events, ByteBufAllocator.DEFAULT,
        ReaderLimits.DEFAULT);
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      write(out, b -> writer.settings(b, new Http2Settings()));
      byte[] chunk = new byte[8192];
      boolean goawaySent = false;
      int n;
      while ((n = in.read(chunk)) >= 0) {
        reader.read(Unpooled.wrappedBuffer(chunk, 0, n));
        ByteBuf reply = Unpooled.buffer();
        if (events.settings > 0) {
          for (; events.settings > 0; events.settings--) {
            writer.settingsAck(reply);
          }
        }
        for (long ping : events.pings) {
          writer.ping(reply, true, ping);
        }
        events.pings.clear();
        for (int id : events.ended) {
          ids.add(id);
          if (!first) {
            answer(writer, encoder, reply, id, "second");
          }
        }
        events.ended.clear();
        if (first && !goawaySent && ids.size() >= firstBatch) {
          goawaySent = true;
          int last = ids.get(0);
          writer.goAway(reply, last, Http2ErrorCode.NO_ERROR,
              Unpooled.copiedBuffer("scripted", StandardCharsets.UTF_8));
          answer(writer, encoder, reply, last, "first");
        }
        out.write(reply.array(), reply.arrayOffset() + reply.readerIndex(),
            reply.readableBytes());
        out.flush();
      }
    } catch (Exception e) {
      // the client went away; the test looks at what it got
    } finally {
      reader.close();
    }
  }

  private static void answer(FrameWriter writer, HpackEncoder encoder, ByteBuf out, int id,
      String message) {
    ByteBuf headers = Unpooled.buffer();
    encoder.encode(List.of(HeaderField.of(":status", "200"),
        HeaderField.of("content-type", "application/grpc")), headers);
    writer.headers(out, id, headers, false, null, 0);
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    ByteBuf data = Unpooled.buffer().writeByte(0).writeInt(bytes.length).writeBytes(bytes);
    writer.data(out, id, data, false, 0);
    ByteBuf trailers = Unpooled.buffer();
    encoder.encode(List.of(HeaderField.of("grpc-status", "0")), trailers);
    writer.headers(out, id, trailers, true, null, 0);
  }

  private static void write(OutputStream out, java.util.function.Consumer<ByteBuf> frames)
      throws IOException {
    ByteBuf b = Unpooled.buffer();
    frames.accept(b);
    out.write(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes());
    out.flush();
  }

  /** What the reader saw since the last turn. */
  private static final class Events implements FrameReader.Handler {
    int settings;
    final List<Long> pings = new ArrayList<>();
    final List<Integer> ended = new ArrayList<>();

    @Override
    public void data(int streamId, ByteBuf data, boolean endStream, int flowControlledBytes) {
      data.release();
      if (endStream) {
        ended.add(streamId);
      }
    }

    @Override
    public void headers(int streamId, ByteBuf block, boolean endStream, PrioritySpec priority) {
      if (endStream) {
        ended.add(streamId);
      }
    }

    @Override
    public void priority(int streamId, PrioritySpec priority) {}

    @Override
    public void rstStream(int streamId, Http2ErrorCode errorCode) {}

    @Override
    public void settings(Http2Settings s) {
      settings++;
    }

    @Override
    public void settingsAck() {}

    @Override
    public void pushPromise(int streamId, int promisedStreamId, ByteBuf headerBlock) {}

    @Override
    public void ping(boolean ack, long opaqueData) {
      if (!ack) {
        pings.add(opaqueData);
      }
    }

    @Override
    public void goAway(int lastStreamId, Http2ErrorCode errorCode, ByteBuf debugData) {}

    @Override
    public void windowUpdate(int streamId, int windowSizeIncrement) {}

    @Override
    public void unknownFrame(int type, int streamId, int flags, ByteBuf payload) {}
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
