package dev.sluice.h2;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.TransportStream;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client connection on an {@link EmbeddedChannel}, answered by a {@link ScriptedPeer} server
 * that has sent its SETTINGS. Deterministic: nothing runs unless the test runs the channel's
 * tasks.
 */
final class ClientHarness implements AutoCloseable {

  /** What one call's callbacks saw. */
  static final class Call {
    final AtomicReference<Metadata> headers = new AtomicReference<>();
    final AtomicReference<Message> message = new AtomicReference<>();
    final AtomicReference<Status> status = new AtomicReference<>();
    final AtomicReference<Status> sent = new AtomicReference<>();
    TransportStream stream;
  }

  final EmbeddedChannel channel;
  final H2Transport transport;
  final ScriptedPeer peer;

  private ClientHarness(H2Config config, Http2Settings serverSettings) {
    channel = new EmbeddedChannel();
    transport = H2Transport.client(channel, config, "http", "example.test");
    peer = new ScriptedPeer(channel, false);
    if (serverSettings != null) {
      peer.settings(serverSettings).settingsAck();
      peer.frames();
    }
  }

  /** A client whose server has sent nothing yet: what the client wrote is still unread. */
  static ClientHarness startWithoutSettings() {
    return new ClientHarness(H2Config.DEFAULT, null);
  }

  /** A client with {@code config}, whose server sent {@code serverSettings}. */
  static ClientHarness start(H2Config config, Http2Settings serverSettings) {
    return new ClientHarness(config, serverSettings);
  }

  static ClientHarness start(Http2Settings serverSettings) {
    return new ClientHarness(H2Config.DEFAULT, serverSettings);
  }

  static ClientHarness start() {
    return start(new Http2Settings().put(Http2Settings.MAX_CONCURRENT_STREAMS, 100));
  }

  /** Starts a unary call: headers, one message and the half-close, and every receive. */
  Call unary(String request) {
    Call c = new Call();
    c.stream = transport.initStream(new CallHead("/pkg.Svc/M", null, null));
    transport.performStreamOp(c.stream, new StreamOpBatch().sendInitialMetadata(new Metadata())
        .sendMessage(Message.ofBytes(request.getBytes(StandardCharsets.UTF_8)), 0)
        .sendHalfClose()
        .recvInitialMetadata(c.headers::set)
        .recvMessage(c.message::set)
        .recvTrailingMetadata((t, s) -> c.status.set(s))
        .onComplete(c.sent::set));
    peer.run();
    return c;
  }

  /** A gRPC response's headers. */
  static List<HeaderField> responseHeaders() {
    return List.of(HeaderField.of(":status", "200"),
        HeaderField.of("content-type", "application/grpc"));
  }

  /** Trailers with {@code grpc-status: 0}. */
  static List<HeaderField> okTrailers() {
    return List.of(HeaderField.of("grpc-status", "0"));
  }

  @Override
  public void close() {
    channel.finishAndReleaseAll();
  }
}
