package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;

/** Raw frame bytes and a one-call reader harness for tests. */
final class Frames {
  private Frames() {}

  /** A frame whose header states the payload's real length. */
  static ByteBuf raw(int type, int flags, int streamId, int... payload) {
    return rawWithLength(payload.length, type, flags, streamId, payload);
  }

  /** A frame whose header may lie about its length. */
  static ByteBuf rawWithLength(int length, int type, int flags, int streamId, int... payload) {
    ByteBuf out = Unpooled.buffer();
    out.writeMedium(length);
    out.writeByte(type);
    out.writeByte(flags);
    out.writeInt(streamId);
    for (int b : payload) {
      out.writeByte(b);
    }
    return out;
  }

  static ByteBuf concat(ByteBuf... parts) {
    ByteBuf out = Unpooled.buffer();
    for (ByteBuf part : parts) {
      out.writeBytes(part);
      part.release();
    }
    return out;
  }

  static ByteBuf bytes(int size, int value) {
    ByteBuf out = Unpooled.buffer(size);
    for (int i = 0; i < size; i++) {
      out.writeByte(value);
    }
    return out;
  }

  /** Reads everything with a fresh client reader and returns the events. */
  static List<String> readAll(ByteBuf in) throws Http2Exception {
    RecordingHandler handler = new RecordingHandler();
    FrameReader reader =
        FrameReader.forClient(handler, UnpooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
    try {
      reader.read(in);
    } finally {
      in.release();
      reader.close();
    }
    return handler.events;
  }

  /** Feeds {@code in} to a fresh client reader and returns the error it must raise. */
  static Http2Exception errorOf(ByteBuf in) {
    return errorOf(in, ReaderLimits.DEFAULT);
  }

  static Http2Exception errorOf(ByteBuf in, ReaderLimits limits) {
    FrameReader reader =
        FrameReader.forClient(new RecordingHandler(), UnpooledByteBufAllocator.DEFAULT, limits);
    try {
      return catchThrowableOfType(Http2Exception.class, () -> reader.read(in));
    } finally {
      in.release();
      reader.close();
    }
  }

  static void assertConnectionError(Http2Exception e, Http2ErrorCode code) {
    assertThat(e).as("expected a connection error").isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.isConnectionError()).as("connection scope: " + e).isTrue();
    assertThat(e.streamId()).isZero();
  }

  static void assertStreamError(Http2Exception e, int streamId, Http2ErrorCode code) {
    assertThat(e).as("expected a stream error").isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.isConnectionError()).as("stream scope: " + e).isFalse();
    assertThat(e.streamId()).isEqualTo(streamId);
  }
}
