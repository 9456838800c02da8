package dev.sluice.h2;

import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A server connection on an {@link EmbeddedChannel}, its preface exchanged with a {@link
 * ScriptedPeer} client that has sent its SETTINGS; the streams it accepts are recorded.
 * Deterministic: nothing runs unless the test runs the channel's tasks.
 */
final class ServerHarness implements AutoCloseable {

  record Accepted(TransportStream stream, CallHead head) {}

  final List<Accepted> accepted = new ArrayList<>();
  final EmbeddedChannel channel;
  final H2Transport transport;
  final ScriptedPeer peer;

  private ServerHarness(H2Config config, Http2Settings clientSettings) {
    channel = new EmbeddedChannel();
    transport = H2Transport.server(channel, config);
    transport.performTransportOp(new TransportOp.SetAcceptStream(
        (stream, head) -> accepted.add(new Accepted(stream, head))));
    peer = new ScriptedPeer(channel, true);
    peer.preface().settings(clientSettings).settingsAck();
    peer.frames();
  }

  /** A server with {@code config}, whose client sent {@code clientSettings}; frames so far read. */
  static ServerHarness start(H2Config config, Http2Settings clientSettings) {
    return new ServerHarness(config, clientSettings);
  }

  static ServerHarness start() {
    return start(H2Config.DEFAULT, new Http2Settings());
  }

  /** A gRPC request's header list. */
  static List<HeaderField> grpcRequest(String path) {
    return new ArrayList<>(List.of(HeaderField.of(":method", "POST"),
        HeaderField.of(":scheme", "http"), HeaderField.of(":path", path),
        HeaderField.of(":authority", "test"), HeaderField.of("content-type", "application/grpc"),
        HeaderField.of("te", "trailers")));
  }

  /** A plain HTTP GET, as a conformance tester sends: the server answers 405 with a text body. */
  static List<HeaderField> plainGet() {
    return new ArrayList<>(List.of(HeaderField.of(":method", "GET"),
        HeaderField.of(":scheme", "http"), HeaderField.of(":path", "/"),
        HeaderField.of(":authority", "test")));
  }

  /** A plain HTTP POST with a body of {@code contentLength} bytes announced. */
  static List<HeaderField> plainPost(long contentLength) {
    return new ArrayList<>(List.of(HeaderField.of(":method", "POST"),
        HeaderField.of(":scheme", "http"), HeaderField.of(":path", "/"),
        HeaderField.of(":authority", "test"), HeaderField.of("content-type", "text/plain"),
        HeaderField.of("content-length", Long.toString(contentLength))));
  }

  /** Starts {@code b} on {@code s} and runs what it triggers. */
  void perform(TransportStream s, StreamOpBatch b) {
    transport.performStreamOp(s, b);
    peer.run();
  }

  @Override
  public void close() {
    channel.finishAndReleaseAll();
  }
}
