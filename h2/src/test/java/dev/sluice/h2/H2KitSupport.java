package dev.sluice.h2;

import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.netty.FaultInjection;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/** The wire-only hooks of the conformance kit, for every HTTP/2 endpoint. */
final class H2KitSupport {

  /** Messages up to this size pass the transport (the kit sends 16 MiB). */
  static final H2Config KIT_CONFIG = H2Config.DEFAULT.withMaxMessageSize(32 << 20);

  /**
   * The kit's own pooled allocator, given to both ends of every kit connection, so that the
   * memory it has handed out and not had back is the kit's alone.
   */
  static final PooledByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(true);

  private H2KitSupport() {}

  /** Gives a new channel the kit's allocator, then runs {@code next} on it. */
  static Consumer<Channel> withKitAllocator(Consumer<Channel> next) {
    return ch -> {
      ch.config().setAllocator(ALLOCATOR);
      next.accept(ch);
    };
  }

  /** Bytes of the kit allocator's buffers not released yet (thread caches do not count). */
  static long pooledBytesInUse() {
    return ALLOCATOR.pinnedDirectMemory() + ALLOCATOR.pinnedHeapMemory();
  }

  /**
   * Waits until the kit allocator's memory in use is back to {@code before}: a transport may
   * release its last buffers on its event loop a moment after it terminated.
   *
   * @throws AssertionError when it is not back within {@code timeout}
   */
  static void awaitPooledMemoryBack(long before, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    long now = pooledBytesInUse();
    while (now > before && System.nanoTime() < end) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      now = pooledBytesInUse();
    }
    if (now > before) {
      throw new AssertionError("pooled buffers of " + (now - before) + " bytes were not released "
          + "once both transports closed (" + before + " bytes in use before the test, " + now
          + " after " + timeout + "); the leak detector's report names where they were touched");
    }
  }

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
