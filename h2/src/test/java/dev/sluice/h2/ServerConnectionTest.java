package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.ScriptedPeer.Data;
import dev.sluice.h2.ScriptedPeer.GoAway;
import dev.sluice.h2.ScriptedPeer.Headers;
import dev.sluice.h2.ScriptedPeer.Rst;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server side of the connection, driven frame by frame by a scripted client. */
class ServerConnectionTest {

  private record Accepted(TransportStream stream, CallHead head) {}

  private final List<Accepted> accepted = new ArrayList<>();
  private EmbeddedChannel channel;
  private H2Transport transport;
  private ScriptedPeer peer;

  private void start(H2Config config) {
    channel = new EmbeddedChannel();
    transport = H2Transport.server(channel, config);
    transport.performTransportOp(new TransportOp.SetAcceptStream(
        (stream, head) -> accepted.add(new Accepted(stream, head))));
    peer = new ScriptedPeer(channel, true);
    peer.preface().settings(new Http2Settings());
  }

  private void start() {
    start(H2Config.DEFAULT);
  }

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  private static List<HeaderField> request(String path) {
    return new ArrayList<>(List.of(HeaderField.of(":method", "POST"),
        HeaderField.of(":scheme", "http"), HeaderField.of(":path", path),
        HeaderField.of(":authority", "test"), HeaderField.of("content-type", "application/grpc"),
        HeaderField.of("te", "trailers")));
  }

  private static String text(Data d) {
    return new String(d.bytes(), 5, d.bytes().length - 5, StandardCharsets.UTF_8);
  }

  private void perform(TransportStream s, StreamOpBatch b) {
    transport.performStreamOp(s, b);
    peer.run();
  }

  @Test
  void start_advertisesSettingsAndAcksThePeers() {
    start();
    List<ScriptedPeer.Frame> frames = peer.frames();
    ScriptedPeer.Settings ours = (ScriptedPeer.Settings) frames.get(0);
    assertThat(ours.settings().get(Http2Settings.MAX_CONCURRENT_STREAMS)).isEqualTo(100);
    assertThat(ours.settings().get(Http2Settings.MAX_HEADER_LIST_SIZE)).isEqualTo(8192);
    assertThat(frames).contains(new ScriptedPeer.SettingsAck());
    assertThat(frames).anyMatch(f -> f instanceof ScriptedPeer.WindowUpdate w && w.streamId() == 0);
  }

  @Test
  void unaryCall_headersMessageTrailers_onTheWireInOrder() {
    start();
    peer.frames();
    peer.headers(1, request("/pkg.Svc/Echo"), false);
    assertThat(accepted).hasSize(1);
    assertThat(accepted.get(0).head().path()).isEqualTo("/pkg.Svc/Echo");
    TransportStream s = accepted.get(0).stream();
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Message> message = new AtomicReference<>();
    perform(s, new StreamOpBatch().recvInitialMetadata(headers::set).recvMessage(message::set));
    assertThat(headers.get()).isNotNull();
    peer.message(1, "hi", true);
    assertThat(new String(message.get().toByteArray(), StandardCharsets.UTF_8)).isEqualTo("hi");
    AtomicReference<Status> done = new AtomicReference<>();
    AtomicReference<Status> closed = new AtomicReference<>();
    perform(s, new StreamOpBatch().sendInitialMetadata(new Metadata().add("k", "v"))
        .sendMessage(Message.ofBytes("ho".getBytes(StandardCharsets.UTF_8)), 0)
        .sendTrailingMetadata(new Metadata(), Status.OK)
        .recvTrailingMetadata((t, st) -> closed.set(st))
        .onComplete(done::set));
    List<ScriptedPeer.Frame> frames = peer.frames();
    Headers h = (Headers) frames.stream().filter(f -> f instanceof Headers).findFirst().get();
    assertThat(h.get(":status")).isEqualTo("200");
    assertThat(h.get("k")).isEqualTo("v");
    Data d = (Data) frames.stream().filter(f -> f instanceof Data).findFirst().get();
    assertThat(text(d)).isEqualTo("ho");
    Headers t = (Headers) frames.stream().filter(f -> f instanceof Headers x && x.endStream())
        .findFirst().get();
    assertThat(t.get("grpc-status")).isEqualTo("0");
    assertThat(frames.indexOf(h)).isLessThan(frames.indexOf(d));
    assertThat(frames.indexOf(d)).isLessThan(frames.indexOf(t));
    assertThat(done.get()).isEqualTo(Status.OK);
    assertThat(closed.get()).isEqualTo(Status.OK);
  }

  @Test
  void statusOnly_isOneTrailersOnlyHeadersFrame() {
    start();
    peer.headers(1, request("/pkg.Svc/Fail"), true);
    peer.frames();
    perform(accepted.get(0).stream(), new StreamOpBatch().sendTrailingMetadata(new Metadata(),
        Status.NOT_FOUND.withDescription("no such thing \u2603")));
    List<Headers> hs = peer.frames(Headers.class);
    assertThat(hs).hasSize(1);
    Headers h = hs.get(0);
    assertThat(h.endStream()).isTrue();
    assertThat(h.get(":status")).isEqualTo("200");
    assertThat(h.get("grpc-status")).isEqualTo("5");
    assertThat(h.get("grpc-message")).isEqualTo("no such thing %E2%98%83");
  }

  @Test
  void nonGrpcContentType_gets415WithOneLineTextBody() {
    start();
    List<HeaderField> req = request("/");
    req.set(4, HeaderField.of("content-type", "text/html"));
    peer.headers(1, req, true);
    List<ScriptedPeer.Frame> frames = peer.frames();
    Headers h = (Headers) frames.stream().filter(f -> f instanceof Headers).findFirst().get();
    assertThat(h.get(":status")).isEqualTo("415");
    Data body = (Data) frames.stream().filter(f -> f instanceof Data).findFirst().get();
    assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).contains("gRPC").endsWith("\n");
    assertThat(body.endStream()).isTrue();
    assertThat(accepted).isEmpty();
  }

  @Test
  void malformedRequest_isResetWithProtocolError_connectionKeepsWorking() {
    start();
    List<HeaderField> bad = request("/pkg.Svc/M");
    bad.add(HeaderField.of("connection", "keep-alive"));
    peer.headers(1, bad, true);
    assertThat(peer.frames(Rst.class)).containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
    peer.headers(3, request("/pkg.Svc/M"), true);
    assertThat(accepted).hasSize(1);
  }

  @Test
  void maxConcurrentStreams_enforcedBeforeOurSettingsAreAcked() {
    start(H2Config.DEFAULT.withMaxConcurrentStreams(3));
    peer.frames();
    for (int id = 1; id <= 9; id += 2) {
      peer.headers(id, request("/pkg.Svc/M"), false);
    }
    assertThat(accepted).hasSize(3);
    assertThat(peer.frames(Rst.class)).containsExactly(
        new Rst(7, Http2ErrorCode.REFUSED_STREAM), new Rst(9, Http2ErrorCode.REFUSED_STREAM));
  }

  @Test
  void pingFlood_fromPeerThatDoesNotRead_endsWithEnhanceYourCalm() {
    start(H2Config.DEFAULT.withMaxQueuedControlFrames(10)
        .withPermitKeepAliveTime(java.time.Duration.ZERO));
    peer.frames();
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    for (int i = 0; i < 20 && channel.isOpen(); i++) {
      peer.ping(i);
    }
    List<GoAway> goaways = peer.frames(GoAway.class);
    assertThat(goaways).hasSize(1);
    assertThat(goaways.get(0).code()).isEqualTo(Http2ErrorCode.ENHANCE_YOUR_CALM);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void rapidReset_endsWithEnhanceYourCalm() {
    start(H2Config.DEFAULT.withResetRate(10, 1));
    peer.frames();
    for (int id = 1; id < 60; id += 2) {
      peer.headers(id, request("/pkg.Svc/M"), false).rst(id, Http2ErrorCode.CANCEL);
      if (!channel.isOpen()) {
        break;
      }
    }
    List<GoAway> g = peer.frames(GoAway.class);
    assertThat(g).hasSize(1);
    assertThat(g.get(0).code()).isEqualTo(Http2ErrorCode.ENHANCE_YOUR_CALM);
  }

  @Test
  void tooManyPings_endsWithGoawayTooManyPings() {
    start();
    peer.frames();
    for (int i = 0; i < 5 && channel.isOpen(); i++) {
      peer.ping(i);
    }
    List<GoAway> g = peer.frames(GoAway.class);
    assertThat(g).hasSize(1);
    assertThat(g.get(0).code()).isEqualTo(Http2ErrorCode.ENHANCE_YOUR_CALM);
    assertThat(g.get(0).debug()).isEqualTo("too_many_pings");
  }

  @Test
  void headerListOverLimit_answersResourceExhausted_connectionKeepsWorking() {
    start(H2Config.DEFAULT.withMaxHeaderListSize(1024));
    peer.frames();
    List<HeaderField> big = request("/pkg.Svc/M");
    big.add(HeaderField.of("x-big", "v".repeat(2000)));
    peer.headers(1, big, true);
    Headers h = peer.frames(Headers.class).get(0);
    assertThat(h.get("grpc-status")).isEqualTo(String.valueOf(Status.Code.RESOURCE_EXHAUSTED.value()));
    assertThat(accepted).isEmpty();
    peer.headers(3, request("/pkg.Svc/M"), true);
    assertThat(accepted).hasSize(1);
  }

  @Test
  void frameAfterRst_resetsOnlyThatStream() {
    start();
    peer.headers(1, request("/pkg.Svc/M"), false);
    peer.rst(1, Http2ErrorCode.CANCEL);
    peer.frames();
    peer.message(1, "late", false);
    assertThat(peer.frames(Rst.class)).containsExactly(new Rst(1, Http2ErrorCode.STREAM_CLOSED));
    peer.headers(3, request("/pkg.Svc/M"), true);
    assertThat(accepted).hasSize(2);
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void clientCancel_serverRecvTrailingSeesCancelled() {
    start();
    peer.headers(1, request("/pkg.Svc/M"), false);
    AtomicReference<Status> closed = new AtomicReference<>();
    AtomicReference<Message> msg = new AtomicReference<>(Message.ofBytes(new byte[0]));
    perform(accepted.get(0).stream(), new StreamOpBatch()
        .recvTrailingMetadata((t, st) -> closed.set(st)).recvMessage(msg::set));
    peer.rst(1, Http2ErrorCode.CANCEL);
    assertThat(closed.get().code()).isEqualTo(Status.Code.CANCELLED);
    assertThat(msg.get()).isNull();
  }

  @Test
  void garbageInsteadOfPreface_isConnectionError() {
    channel = new EmbeddedChannel();
    transport = H2Transport.server(channel, H2Config.DEFAULT);
    peer = new ScriptedPeer(channel, true);
    peer.send(b -> b.writeBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    List<GoAway> g = peer.frames(GoAway.class);
    assertThat(g).hasSize(1);
    assertThat(g.get(0).code()).isEqualTo(Http2ErrorCode.PROTOCOL_ERROR);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void gracefulShutdown_sendsTwoGoawaysAroundAPing() {
    start();
    peer.headers(1, request("/pkg.Svc/M"), false);
    peer.frames();
    transport.shutdown(Status.UNAVAILABLE);
    List<ScriptedPeer.Frame> first = peer.frames();
    GoAway g1 = (GoAway) first.stream().filter(f -> f instanceof GoAway).findFirst().get();
    assertThat(g1.lastStreamId()).isEqualTo(Integer.MAX_VALUE);
    ScriptedPeer.Ping p = (ScriptedPeer.Ping) first.stream()
        .filter(f -> f instanceof ScriptedPeer.Ping).findFirst().get();
    peer.send(b -> new dev.sluice.h2.frame.FrameWriter().ping(b, true, p.data()));
    GoAway g2 = peer.frames(GoAway.class).get(0);
    assertThat(g2.lastStreamId()).isEqualTo(1);
    assertThat(channel.isOpen()).as("stream 1 still open").isTrue();
    peer.headers(3, request("/pkg.Svc/M"), true);
    assertThat(peer.frames(Rst.class)).containsExactly(new Rst(3, Http2ErrorCode.REFUSED_STREAM));
    perform(accepted.get(0).stream(), new StreamOpBatch().sendTrailingMetadata(new Metadata(),
        Status.OK));
    peer.run();
    assertThat(channel.isOpen()).as("closed once the last stream ended").isFalse();
  }

  @Test
  void sendBeyondPeerWindow_waitsForWindowUpdate() {
    start();
    peer.settings(new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, 10));
    peer.headers(1, request("/pkg.Svc/M"), false);
    peer.frames();
    AtomicReference<Status> done = new AtomicReference<>();
    perform(accepted.get(0).stream(), new StreamOpBatch().sendInitialMetadata(new Metadata())
        .sendMessage(Message.ofBytes(new byte[100]), 0).onComplete(done::set));
    List<Data> first = peer.frames(Data.class);
    assertThat(first).hasSize(1);
    assertThat(first.get(0).bytes()).hasSize(10);
    assertThat(done.get()).as("send waits for credit").isNull();
    peer.windowUpdate(1, 1000);
    List<Data> rest = peer.frames(Data.class);
    assertThat(rest.stream().mapToInt(d -> d.bytes().length).sum()).isEqualTo(95);
    assertThat(done.get()).isEqualTo(Status.OK);
  }

  @Test
  void dataPastStreamWindow_isStreamFlowControlError() {
    start(H2Config.DEFAULT.withInitialStreamWindow(16));
    peer.headers(1, request("/pkg.Svc/M"), false);
    peer.frames();
    peer.data(1, new byte[32], false);
    assertThat(peer.frames(Rst.class)).containsExactly(
        new Rst(1, Http2ErrorCode.FLOW_CONTROL_ERROR));
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void emptyDataFlood_endsWithEnhanceYourCalm() {
    start();
    peer.headers(1, request("/pkg.Svc/M"), false);
    peer.frames();
    for (int i = 0; i < 50 && channel.isOpen(); i++) {
      peer.data(1, new byte[0], false);
    }
    assertThat(peer.frames(GoAway.class).get(0).code())
        .isEqualTo(Http2ErrorCode.ENHANCE_YOUR_CALM);
  }

  @Test
  void continuationFlood_endsWithConnectionError() {
    start();
    peer.frames();
    peer.send(b -> {
      // HEADERS without END_HEADERS, then endless CONTINUATION frames.
      b.writeMedium(1).writeByte(0x1).writeByte(0).writeInt(1).writeByte(0x82);
      for (int i = 0; i < 100; i++) {
        b.writeMedium(1).writeByte(0x9).writeByte(0).writeInt(1).writeByte(0x82);
      }
    });
    List<GoAway> g = peer.frames(GoAway.class);
    assertThat(g).hasSize(1);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void settingsWithTooManyEntries_endsWithEnhanceYourCalm() {
    start();
    peer.frames();
    peer.send(b -> {
      b.writeMedium(6 * 100).writeByte(0x4).writeByte(0).writeInt(0);
      for (int i = 0; i < 100; i++) {
        b.writeShort(0x99).writeInt(i);
      }
    });
    assertThat(peer.frames(GoAway.class).get(0).code())
        .isEqualTo(Http2ErrorCode.ENHANCE_YOUR_CALM);
  }

  @Test
  void receivingData_startsBdpPing_andAFullRoundGrowsOurWindow() {
    start(H2Config.DEFAULT.withInitialStreamWindow(1000));
    peer.headers(1, request("/pkg.Svc/M"), false);
    peer.frames();
    peer.data(1, new byte[900], false);
    List<ScriptedPeer.Ping> pings = peer.frames(ScriptedPeer.Ping.class);
    assertThat(pings).hasSize(1);
    peer.send(b -> new dev.sluice.h2.frame.FrameWriter().ping(b, true, pings.get(0).data()));
    List<ScriptedPeer.Settings> settings = peer.frames(ScriptedPeer.Settings.class);
    assertThat(settings).hasSize(1);
    assertThat(settings.get(0).settings().get(Http2Settings.INITIAL_WINDOW_SIZE)).isEqualTo(1800);
  }

  @Test
  void releaseEverything_afterClose() {
    start();
    peer.headers(1, request("/pkg.Svc/M"), false);
    peer.message(1, "buffered but never read", false);
    transport.close(Status.UNAVAILABLE.withDescription("test"));
    peer.run();
    assertThat(transport.terminationFuture()).isDone();
    assertThat(Unpooled.EMPTY_BUFFER.refCnt()).isPositive();
  }
}
