package dev.sluice.h2;

import static dev.sluice.h2.Rfc9113FrameTypesTest.END_HEADERS;
import static dev.sluice.h2.Rfc9113FrameTypesTest.END_STREAM;
import static dev.sluice.h2.Rfc9113FrameTypesTest.HEADERS;
import static dev.sluice.h2.Rfc9113FrameTypesTest.PING;
import static dev.sluice.h2.Rfc9113FrameTypesTest.block;
import static dev.sluice.h2.ServerHarness.grpcRequest;
import static dev.sluice.h2.WireAsserts.assertConnectionError;
import static dev.sluice.h2.WireAsserts.assertNoError;
import static dev.sluice.h2.WireAsserts.assertStillAnswers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.h2.ScriptedPeer.Data;
import dev.sluice.h2.ScriptedPeer.Headers;
import dev.sluice.h2.ScriptedPeer.Ping;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 9113 §4 (frame format, frame size, field section compression) and §5.5 (extending
 * HTTP/2: unknown frame types and settings), played by a scripted peer.
 */
class Rfc9113FrameFormatTest {

  @Nested
  class Section4_1_FrameFormat {

    @Test
    void unknownFlags_areIgnored() {
      try (ServerHarness h = ServerHarness.start()) {
        // PING with every flag but ACK set: still a PING to answer.
        h.peer.rawFrame(PING, 0xfe, 0, new byte[] {0, 0, 0, 0, 0, 0, 0, 7});
        assertThat(h.peer.frames()).containsExactly(new Ping(true, 7));
      }
    }

    @Test
    void unknownFlagsOnHeaders_areIgnored() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(HEADERS, END_HEADERS | END_STREAM | 0x40 | 0x80 | 0x10 | 0x2, 1,
            block(h.peer, grpcRequest("/pkg.Svc/M")));
        assertNoError(h.peer, h.channel);
        assertThat(h.accepted).hasSize(1);
      }
    }

    @Test
    void reservedBitOfTheStreamId_isIgnored() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(HEADERS, END_HEADERS | END_STREAM, 0x8000_0001,
            block(h.peer, grpcRequest("/pkg.Svc/M")));
        assertNoError(h.peer, h.channel);
        assertThat(h.accepted).hasSize(1);
        h.perform(h.accepted.get(0).stream(), new StreamOpBatch()
            .sendTrailingMetadata(new Metadata(), dev.sluice.Status.OK));
        assertThat(h.peer.frames(Headers.class)).extracting(Headers::streamId)
            .containsExactly(1);
      }
    }
  }

  @Nested
  class Section4_2_FrameSize {

    @Test
    void frameLargerThanOurMaxFrameSize_isConnectionErrorFrameSizeError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        // Our SETTINGS_MAX_FRAME_SIZE is the default, 16,384.
        h.peer.rawFrame(Rfc9113FrameTypesTest.DATA, 0, 1, new byte[16_385]);
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.FRAME_SIZE_ERROR);
      }
    }

    @Test
    void headersFrameLargerThanOurMaxFrameSize_isConnectionErrorFrameSizeError() {
      try (ServerHarness h = ServerHarness.start()) {
        List<dev.sluice.h2.hpack.HeaderField> big = grpcRequest("/pkg.Svc/M");
        // About 17,500 octets once Huffman-coded: over the frame size, checked before the
        // header block limit.
        big.add(dev.sluice.h2.hpack.HeaderField.of("x-big", "v".repeat(20_000)));
        h.peer.rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, block(h.peer, big));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.FRAME_SIZE_ERROR);
        assertThat(h.accepted).isEmpty();
      }
    }

    @Test
    void frameOfExactlyOurMaxFrameSize_isAccepted() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        h.peer.rawFrame(Rfc9113FrameTypesTest.DATA, 0, 1, new byte[16_384]);
        assertThat(h.peer.frames()).noneMatch(f -> f instanceof ScriptedPeer.GoAway);
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void ourDataFrames_fitThePeersDefaultMaxFrameSize() {
      try (ServerHarness h = ServerHarness.start(H2Config.DEFAULT,
          new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, 1 << 20))) {
        h.peer.windowUpdate(0, 1 << 20);
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        h.perform(h.accepted.get(0).stream(), new StreamOpBatch()
            .sendInitialMetadata(new Metadata())
            .sendMessage(Message.ofBytes(new byte[100_000]), 0));
        List<Data> data = h.peer.frames(Data.class);
        assertThat(data).allMatch(d -> d.bytes().length <= 16_384);
        assertThat(data.stream().mapToInt(d -> d.bytes().length).sum()).isEqualTo(100_005);
      }
    }

    @Test
    void ourDataFrames_growToALargerMaxFrameSizeThePeerAllows() {
      try (ServerHarness h = ServerHarness.start(H2Config.DEFAULT, new Http2Settings()
          .put(Http2Settings.INITIAL_WINDOW_SIZE, 1 << 20)
          .put(Http2Settings.MAX_FRAME_SIZE, 40_000))) {
        h.peer.windowUpdate(0, 1 << 20);
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        h.perform(h.accepted.get(0).stream(), new StreamOpBatch()
            .sendInitialMetadata(new Metadata())
            .sendMessage(Message.ofBytes(new byte[100_000]), 0));
        h.peer.acceptFramesUpTo(40_000);
        List<Data> data = h.peer.frames(Data.class);
        assertThat(data).allMatch(d -> d.bytes().length <= 40_000);
        assertThat(data).anyMatch(d -> d.bytes().length > 16_384);
        assertThat(data.stream().mapToInt(d -> d.bytes().length).sum()).isEqualTo(100_005);
      }
    }
  }

  @Nested
  class Section4_3_FieldSectionCompression {

    @Test
    void headerBlockThatDoesNotDecode_isConnectionErrorCompressionError() {
      try (ServerHarness h = ServerHarness.start()) {
        // An indexed field with index 127 + 0x7f: far past both tables.
        h.peer.rawFrame(HEADERS, END_HEADERS | END_STREAM, 1,
            new byte[] {(byte) 0xff, (byte) 0x7f});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.COMPRESSION_ERROR);
      }
    }

    @Test
    void tableSizeUpdateAboveOurHeaderTableSize_isConnectionErrorCompressionError() {
      try (ServerHarness h = ServerHarness.start()) {
        // A dynamic table size update to 8,192 (over our 4,096), then :method GET.
        h.peer.rawFrame(HEADERS, END_HEADERS | END_STREAM, 1,
            new byte[] {0x3f, (byte) 0xe1, 0x3f, (byte) 0x82});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.COMPRESSION_ERROR);
      }
    }

    @Test
    void indexZero_isConnectionErrorCompressionError() {
      try (ServerHarness h = ServerHarness.start()) {
        // RFC 7541 §6.1: index 0 is not a field.
        h.peer.rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, new byte[] {(byte) 0x80});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.COMPRESSION_ERROR);
      }
    }

    @Test
    void huffmanStringWithTheEosSymbol_isConnectionErrorCompressionError() {
      try (ServerHarness h = ServerHarness.start()) {
        // A literal name "x-a" then a Huffman value of four octets of ones: EOS (RFC 7541 §5.2).
        h.peer.rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, new byte[] {(byte) 0x82, 0x00, 0x03,
            'x', '-', 'a', (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.COMPRESSION_ERROR);
      }
    }

    @Test
    void headerBlockOfARefusedStream_stillUpdatesTheTable() {
      try (ServerHarness h = ServerHarness.start(H2Config.DEFAULT.withMaxConcurrentStreams(1),
          new Http2Settings())) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        // Refused, but its block adds "x-seen" to the decoder's table; stream 5 refers to it.
        List<dev.sluice.h2.hpack.HeaderField> withNew = grpcRequest("/pkg.Svc/M");
        withNew.add(dev.sluice.h2.hpack.HeaderField.of("x-seen", "yes"));
        h.peer.headers(3, withNew, false);
        h.peer.rst(1, Http2ErrorCode.CANCEL);
        h.peer.frames();
        h.peer.headers(5, withNew, true);
        assertNoError(h.peer, h.channel);
        assertThat(h.accepted).hasSize(2);
      }
    }

    @Test
    void ourHeaderBlockLargerThanAFrame_goesOutInContinuationFrames() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        // 40 KB of metadata: HEADERS plus CONTINUATION frames of at most 16,384 octets each;
        // the scripted peer's reader refuses any larger frame.
        Metadata big = new Metadata();
        for (int i = 0; i < 4; i++) {
          big.add("x-big-" + i, "v".repeat(10_000));
        }
        h.perform(h.accepted.get(0).stream(), new StreamOpBatch().sendInitialMetadata(big));
        List<Headers> hs = h.peer.frames(Headers.class);
        assertThat(hs).hasSize(1);
        assertThat(hs.get(0).get("x-big-3")).hasSize(10_000);
      }
    }
  }

  @Nested
  class Section5_5_Extensions {

    @Test
    void unknownFrameTypes_onAStreamAndOnTheConnection_areIgnored() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        h.peer.rawFrame(0x42, 0xff, 1, new byte[] {1, 2, 3});
        h.peer.rawFrame(0xfa, 0, 0, new byte[40]);
        h.peer.rawFrame(0x42, 0, 99, new byte[0]);
        assertNoError(h.peer, h.channel);
        assertStillAnswers(h.peer);
      }
    }

    @Test
    void clientIgnoresUnknownFrameTypes() {
      try (ClientHarness h = ClientHarness.start()) {
        h.unary("x");
        h.peer.frames();
        h.peer.rawFrame(0x42, 0, 1, new byte[] {1});
        h.peer.rawFrame(0x43, 0, 0, new byte[] {1});
        assertNoError(h.peer, h.channel);
      }
    }
  }
}
