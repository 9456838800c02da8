package dev.sluice.h2.frame;

import static dev.sluice.h2.frame.Frames.assertConnectionError;
import static dev.sluice.h2.frame.Frames.assertStreamError;
import static dev.sluice.h2.frame.Frames.errorOf;
import static dev.sluice.h2.frame.Frames.raw;
import static dev.sluice.h2.frame.Frames.rawWithLength;
import static dev.sluice.h2.frame.Http2ErrorCode.FLOW_CONTROL_ERROR;
import static dev.sluice.h2.frame.Http2ErrorCode.FRAME_SIZE_ERROR;
import static dev.sluice.h2.frame.Http2ErrorCode.PROTOCOL_ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per frame-level rule of RFC 9113 §3.4, §4.2, §6: right code, right scope. */
class FrameReaderErrorTest {
  private static final int END_HEADERS = FrameFlags.END_HEADERS;

  // §3.4 preface

  @Test
  void serverReader_wrongPreface_connectionProtocolError() {
    RecordingHandler handler = new RecordingHandler();
    FrameReader reader =
        FrameReader.forServer(handler, UnpooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
    ByteBuf in = Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII);
    Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> reader.read(in));
    assertConnectionError(e, PROTOCOL_ERROR);
    // The first octet already differs, so nothing past it was consumed.
    assertThat(in.readerIndex()).isEqualTo(1);
    in.release();
  }

  @Test
  void serverReader_afterConnectionError_refusesFurtherInput() {
    FrameReader reader =
        FrameReader.forServer(
            new RecordingHandler(), UnpooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
    ByteBuf in = Unpooled.copiedBuffer("XXX", StandardCharsets.US_ASCII);
    catchThrowableOfType(Http2Exception.class, () -> reader.read(in));
    assertThatThrownBy(() -> reader.read(in)).isInstanceOf(IllegalStateException.class);
    in.release();
  }

  @Test
  void serverReader_prefaceSplitAcrossReads_accepted() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    FrameReader reader =
        FrameReader.forServer(handler, UnpooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
    ByteBuf all = Unpooled.buffer();
    ConnectionPreface.write(all);
    new FrameWriter().settingsAck(all);
    while (all.isReadable()) {
      ByteBuf one = all.readRetainedSlice(1);
      reader.read(one);
      one.release();
    }
    all.release();
    assertThat(handler.events).containsExactly("settingsAck");
  }

  // §4.2 frame size

  @Test
  void anyFrame_longerThanMaxFrameSize_connectionFrameSizeError() {
    assertConnectionError(
        errorOf(rawWithLength(16_385, FrameType.DATA, 0, 1)), FRAME_SIZE_ERROR);
  }

  @Test
  void maxFrameSize_raised_acceptsLargerFrames() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    FrameReader reader =
        FrameReader.forClient(handler, UnpooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
    reader.maxFrameSize(20_000);
    ByteBuf out = Unpooled.buffer();
    FrameWriter writer = new FrameWriter();
    writer.maxFrameSize(20_000);
    writer.data(out, 1, Frames.bytes(20_000, 1), false, 0);
    reader.read(out);
    out.release();
    assertThat(handler.events).hasSize(1);
  }

  // stream id 0 vs non-0

  @ParameterizedTest
  @ValueSource(ints = {FrameType.DATA, FrameType.HEADERS, FrameType.PRIORITY,
      FrameType.RST_STREAM, FrameType.PUSH_PROMISE})
  void streamFrame_onStreamZero_connectionProtocolError(int type) {
    int[] payload = new int[] {0, 0, 0, 3, 0x10};
    assertConnectionError(errorOf(raw(type, END_HEADERS, 0, payload)), PROTOCOL_ERROR);
  }

  @Test
  void continuation_onStreamZero_connectionProtocolError() {
    assertConnectionError(errorOf(raw(FrameType.CONTINUATION, END_HEADERS, 0)), PROTOCOL_ERROR);
  }

  @ParameterizedTest
  @ValueSource(ints = {FrameType.SETTINGS, FrameType.PING, FrameType.GOAWAY})
  void connectionFrame_onNonZeroStream_connectionProtocolError(int type) {
    int[] payload = new int[8];
    assertConnectionError(errorOf(raw(type, 0, 1, payload)), PROTOCOL_ERROR);
  }

  // fixed lengths

  @Test
  void ping_wrongLength_connectionFrameSizeError() {
    assertConnectionError(errorOf(raw(FrameType.PING, 0, 0, 1, 2, 3, 4, 5, 6, 7)), FRAME_SIZE_ERROR);
  }

  @Test
  void priority_wrongLength_streamFrameSizeError() {
    assertStreamError(errorOf(raw(FrameType.PRIORITY, 0, 3, 0, 0, 0, 1)), 3, FRAME_SIZE_ERROR);
  }

  @Test
  void rstStream_wrongLength_connectionFrameSizeError() {
    assertConnectionError(errorOf(raw(FrameType.RST_STREAM, 0, 1, 0, 0, 0)), FRAME_SIZE_ERROR);
  }

  @Test
  void windowUpdate_wrongLength_connectionFrameSizeError() {
    assertConnectionError(
        errorOf(raw(FrameType.WINDOW_UPDATE, 0, 1, 0, 0, 0, 1, 0)), FRAME_SIZE_ERROR);
  }

  @Test
  void settings_lengthNotMultipleOfSix_connectionFrameSizeError() {
    assertConnectionError(errorOf(raw(FrameType.SETTINGS, 0, 0, 0, 1, 0, 0, 0)), FRAME_SIZE_ERROR);
  }

  @Test
  void settingsAck_withPayload_connectionFrameSizeError() {
    assertConnectionError(
        errorOf(raw(FrameType.SETTINGS, FrameFlags.ACK, 0, 0, 1, 0, 0, 0, 0)), FRAME_SIZE_ERROR);
  }

  @Test
  void goAway_shorterThanEight_connectionFrameSizeError() {
    assertConnectionError(errorOf(raw(FrameType.GOAWAY, 0, 0, 0, 0, 0, 1)), FRAME_SIZE_ERROR);
  }

  @Test
  void headers_priorityFlagWithoutRoomForPriority_connectionFrameSizeError() {
    int flags = END_HEADERS | FrameFlags.PRIORITY;
    assertConnectionError(errorOf(raw(FrameType.HEADERS, flags, 1, 0, 0, 0)), FRAME_SIZE_ERROR);
  }

  @Test
  void pushPromise_tooShortForPromisedId_connectionFrameSizeError() {
    assertConnectionError(
        errorOf(raw(FrameType.PUSH_PROMISE, END_HEADERS, 1, 0, 0)), FRAME_SIZE_ERROR);
  }

  // padding §6.1

  @Test
  void data_padLengthEqualToPayloadLength_connectionProtocolError() {
    // Length 3: the Pad Length octet says 3, but only 2 octets follow it.
    assertConnectionError(
        errorOf(raw(FrameType.DATA, FrameFlags.PADDED, 1, 3, 0, 0)), PROTOCOL_ERROR);
  }

  @Test
  void data_padLengthFillingTheRest_accepted() throws Exception {
    assertThat(Frames.readAll(raw(FrameType.DATA, FrameFlags.PADDED, 1, 2, 0, 0)))
        .containsExactly("data stream=1 endStream=false flow=3 bytes=");
  }

  @Test
  void data_paddedWithEmptyPayload_connectionFrameSizeError() {
    assertConnectionError(errorOf(raw(FrameType.DATA, FrameFlags.PADDED, 1)), FRAME_SIZE_ERROR);
  }

  @Test
  void headers_padLengthCoveringPriorityFields_connectionProtocolError() {
    int flags = END_HEADERS | FrameFlags.PADDED | FrameFlags.PRIORITY;
    assertConnectionError(
        errorOf(raw(FrameType.HEADERS, flags, 1, 1, 0, 0, 0, 0, 16)), PROTOCOL_ERROR);
  }

  @Test
  void pushPromise_padLengthTooLarge_connectionProtocolError() {
    int flags = END_HEADERS | FrameFlags.PADDED;
    assertConnectionError(
        errorOf(raw(FrameType.PUSH_PROMISE, flags, 1, 1, 0, 0, 0, 2)), PROTOCOL_ERROR);
  }

  // WINDOW_UPDATE §6.9

  @Test
  void windowUpdate_zeroIncrementOnStream_streamProtocolError() {
    assertStreamError(errorOf(raw(FrameType.WINDOW_UPDATE, 0, 7, 0, 0, 0, 0)), 7, PROTOCOL_ERROR);
  }

  @Test
  void windowUpdate_zeroIncrementOnConnection_connectionProtocolError() {
    assertConnectionError(errorOf(raw(FrameType.WINDOW_UPDATE, 0, 0, 0, 0, 0, 0)), PROTOCOL_ERROR);
  }

  @Test
  void windowUpdate_zeroIncrementIgnoringReservedBit_streamProtocolError() {
    assertStreamError(
        errorOf(raw(FrameType.WINDOW_UPDATE, 0, 7, 0x80, 0, 0, 0)), 7, PROTOCOL_ERROR);
  }

  // priority self-dependency §5.3.1

  @Test
  void priority_dependingOnItself_streamProtocolError() {
    assertStreamError(errorOf(raw(FrameType.PRIORITY, 0, 5, 0, 0, 0, 5, 16)), 5, PROTOCOL_ERROR);
  }

  @Test
  void headers_dependingOnItself_escalatedToConnectionProtocolError() {
    int flags = END_HEADERS | FrameFlags.PRIORITY;
    assertConnectionError(
        errorOf(raw(FrameType.HEADERS, flags, 5, 0, 0, 0, 5, 16)), PROTOCOL_ERROR);
  }

  // SETTINGS values §6.5.2

  @Test
  void settings_enablePushTwo_connectionProtocolError() {
    assertConnectionError(
        errorOf(raw(FrameType.SETTINGS, 0, 0, 0, 2, 0, 0, 0, 2)), PROTOCOL_ERROR);
  }

  @Test
  void settings_initialWindowAboveMax_connectionFlowControlError() {
    assertConnectionError(
        errorOf(raw(FrameType.SETTINGS, 0, 0, 0, 4, 0x80, 0, 0, 0)), FLOW_CONTROL_ERROR);
  }

  @Test
  void settings_maxFrameSizeTooSmall_connectionProtocolError() {
    assertConnectionError(
        errorOf(raw(FrameType.SETTINGS, 0, 0, 0, 5, 0, 0, 0x3f, 0xff)), PROTOCOL_ERROR);
  }

  @Test
  void settings_maxFrameSizeTooLarge_connectionProtocolError() {
    assertConnectionError(
        errorOf(raw(FrameType.SETTINGS, 0, 0, 0, 5, 0x01, 0, 0, 0)), PROTOCOL_ERROR);
  }

  // CONTINUATION sequencing §6.10

  @Test
  void continuation_withoutOpenBlock_connectionProtocolError() {
    assertConnectionError(errorOf(raw(FrameType.CONTINUATION, END_HEADERS, 1, 0x82)), PROTOCOL_ERROR);
  }

  @Test
  void openBlock_followedByOtherFrameType_connectionProtocolError() {
    ByteBuf in =
        Frames.concat(
            raw(FrameType.HEADERS, 0, 1, 0x82),
            raw(FrameType.PING, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    assertConnectionError(errorOf(in), PROTOCOL_ERROR);
  }

  @Test
  void openBlock_followedByContinuationOnOtherStream_connectionProtocolError() {
    ByteBuf in =
        Frames.concat(
            raw(FrameType.HEADERS, 0, 1, 0x82), raw(FrameType.CONTINUATION, END_HEADERS, 3, 0x84));
    assertConnectionError(errorOf(in), PROTOCOL_ERROR);
  }

  @Test
  void openBlock_followedByUnknownFrameType_connectionProtocolError() {
    ByteBuf in =
        Frames.concat(raw(FrameType.PUSH_PROMISE, 0, 1, 0, 0, 0, 2), raw(0x20, 0, 0));
    assertConnectionError(errorOf(in), PROTOCOL_ERROR);
  }

  // unknown frames §5.5

  @Test
  void unknownFrameType_outsideHeaderBlock_deliveredAndIgnorable() throws Exception {
    ByteBuf in =
        Frames.concat(raw(0x0a, 0x3, 0, 1, 2), raw(FrameType.PING, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
    assertThat(Frames.readAll(in))
        .containsExactly("unknown type=10 stream=0 flags=3 payload=0102", "ping ack=false data=1");
  }

  // recovery after a stream error

  @Test
  void streamError_thenReadAgain_continuesWithNextFrame() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    FrameReader reader =
        FrameReader.forClient(handler, UnpooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
    ByteBuf in =
        Frames.concat(
            raw(FrameType.WINDOW_UPDATE, 0, 7, 0, 0, 0, 0),
            raw(FrameType.WINDOW_UPDATE, 0, 7, 0, 0, 0, 5));
    Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> reader.read(in));
    assertStreamError(e, 7, PROTOCOL_ERROR);
    reader.read(in);
    in.release();
    assertThat(handler.events).containsExactly("windowUpdate stream=7 increment=5");
  }

  @Test
  void handlerThrowingHttp2Exception_propagatesWithItsScope() {
    FrameReader.Handler compressionFailure =
        new ForwardingHandler(new RecordingHandler()) {
          @Override
          public void headers(int streamId, ByteBuf block, boolean endStream, PrioritySpec p)
              throws Http2Exception {
            throw Http2Exception.connectionError(
                Http2ErrorCode.COMPRESSION_ERROR, "bad HPACK on stream %d", streamId);
          }
        };
    FrameReader reader =
        FrameReader.forClient(
            compressionFailure, UnpooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
    ByteBuf in = raw(FrameType.HEADERS, END_HEADERS, 1, 0x82);
    Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> reader.read(in));
    in.release();
    assertConnectionError(e, Http2ErrorCode.COMPRESSION_ERROR);
  }
}
