package dev.sluice.testing;

import dev.sluice.transport.Message;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Message bodies the kit hands to a transport, as a layer above it would hand over a received
 * message it forwards (a proxy): each must be released by the transport exactly once, whether it
 * was sent, dropped by a cancel or destroy, or refused, and never read after its release.
 *
 * <p>What a pooled buffer would make a leak or a crash is written down here as a problem, and
 * the kit fails the test with the list at teardown.
 *
 * <p>Thread-safe: bodies are released on transport threads.
 */
public final class BodyLedger {

  private final CallbackLedger ledger;
  private final AtomicInteger handedOut = new AtomicInteger();
  private final AtomicInteger released = new AtomicInteger();
  private final List<TrackedBody> bodies = new ArrayList<>();

  BodyLedger(CallbackLedger ledger) {
    this.ledger = ledger;
  }

  /**
   * A message over {@code bytes} whose body is tracked; {@code what} names it in problems.
   *
   * @param bytes the message's content
   * @param what a name for the body in reports of bodies released twice or never
   * @return a message whose body this ledger tracks
   */
  public Message message(byte[] bytes, String what) {
    TrackedBody body = new TrackedBody(bytes.clone(), what);
    synchronized (bodies) {
      bodies.add(body);
    }
    handedOut.incrementAndGet();
    return Message.ofBody(body);
  }

  /** {@return how many tracked bodies were handed to transports} */
  public int handedOut() {
    return handedOut.get();
  }

  /** {@return how many of them were released} */
  public int released() {
    return released.get();
  }

  /**
   * The bodies not released yet, by name.
   *
   * @return the names of the bodies a transport still holds
   */
  public List<String> unreleased() {
    synchronized (bodies) {
      return bodies.stream().filter(b -> !b.released.get()).map(b -> b.what).toList();
    }
  }

  /** A body over a private copy of its bytes that records its release and reads after it. */
  private final class TrackedBody implements Message.Body {
    private final byte[] bytes;
    private final String what;
    private final AtomicBoolean released = new AtomicBoolean();

    TrackedBody(byte[] bytes, String what) {
      this.bytes = bytes;
      this.what = what;
    }

    private void checkLive(String use) {
      if (released.get()) {
        ledger.violation("message body " + what + " was read (" + use + ") after its release");
      }
    }

    @Override
    public int length() {
      return bytes.length;
    }

    @Override
    public InputStream openStream() {
      checkLive("openStream");
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public ByteBuffer[] buffers() {
      checkLive("buffers");
      return new ByteBuffer[] {ByteBuffer.wrap(bytes).asReadOnlyBuffer()};
    }

    @Override
    public boolean copyTo(byte[] dst) {
      checkLive("copyTo");
      System.arraycopy(bytes, 0, dst, 0, bytes.length);
      return true;
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        BodyLedger.this.released.incrementAndGet();
      } else {
        ledger.violation("message body " + what + " was released twice");
      }
    }
  }
}
