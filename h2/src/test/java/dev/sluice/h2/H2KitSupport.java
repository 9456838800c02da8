package dev.sluice.h2;

import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.netty.FaultInjection;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** The wire-only hooks of the conformance kit, for every HTTP/2 endpoint. */
final class H2KitSupport {

  /** Messages up to this size pass the transport (the kit sends 16 MiB). */
  static final H2Config KIT_CONFIG = H2Config.DEFAULT.withMaxMessageSize(32 << 20);

  private H2KitSupport() {}

  /** Closes the client's connection under it. */
  static void drop(Transport client) {
    ((H2Transport) client).channel().close();
  }

  /** Bytes as if the server wrote a DATA frame on a stream the client has reset. */
  static void frameAfterReset(Transport client, TransportStream stream) {
    ByteBuf frame = Unpooled.buffer();
    byte[] message = {0, 0, 0, 0, 2, 'h', 'i'};
    new FrameWriter().data(frame, ((H2Stream) stream).id, Unpooled.wrappedBuffer(message),
        false, 0);
    inject(client, frame);
  }

  /** Bytes that are no frame at all: a frame header claiming an absurd length. */
  static void garbage(Transport client) {
    inject(client, Unpooled.wrappedBuffer(
        "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
  }

  private static void inject(Transport client, ByteBuf bytes) {
    FaultInjection f = FaultInjection.of(((H2Transport) client).channel());
    if (f == null) {
      bytes.release();
      throw new IllegalStateException("The kit's connector installs FaultInjection");
    }
    f.injectInbound(bytes);
  }
}
