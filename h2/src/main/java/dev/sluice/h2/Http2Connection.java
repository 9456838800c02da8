package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.TransportOp;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/** The HTTP/2 connection: being written. This placeholder only fixes the shape. */
final class Http2Connection {
  Http2Connection(boolean client, H2Config config, String scheme, String authority) {}

  void attach(H2Transport transport, Channel channel) {
    throw new UnsupportedOperationException("not yet");
  }

  H2Stream newClientStream(CallHead head) {
    throw new UnsupportedOperationException("not yet");
  }

  void performStreamOp(H2Stream s, StreamOpBatch batch) {}

  void destroyStream(H2Stream s) {}

  void performTransportOp(TransportOp op) {}

  void shutdown(Status status) {}

  void close(Status status) {}

  CompletableFuture<Void> terminationFuture() {
    return new CompletableFuture<>();
  }

  Endpoint endpoint() {
    return null;
  }
}
