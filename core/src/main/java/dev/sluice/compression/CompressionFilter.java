package dev.sluice.compression;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.filter.BatchSink;
import dev.sluice.filter.CallInfo;
import dev.sluice.filter.Filter;
import dev.sluice.filter.FilterCall;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Compresses outgoing messages and inflates incoming ones, and negotiates the encodings:
 *
 * <ul>
 *   <li>Outgoing initial metadata announces what this side accepts ({@code
 *       grpc-accept-encoding}). When the call asked for an encoding ({@code grpc-encoding} in its
 *       initial metadata, put there by {@link dev.sluice.Call}), messages are compressed with it,
 *       except those sent with {@code FLAG_NO_COMPRESS}. A server only uses an encoding the client
 *       said it accepts; otherwise it answers uncompressed.
 *   <li>A message that arrives compressed is inflated with the encoding the peer announced;
 *       inflating stops at the inbound size limit (RESOURCE_EXHAUSTED), and an encoding this side
 *       lacks ends the call with UNIMPLEMENTED naming what it accepts.
 * </ul>
 */
public final class CompressionFilter implements Filter {

  static final String ENCODING = "grpc-encoding";
  static final String ACCEPT_ENCODING = "grpc-accept-encoding";

  private final MessageCodecs codecs;
  private final int maxInbound;

  /**
   * A filter that compresses and inflates with {@code codecs}.
   *
   * @param codecs the encodings this side supports
   * @param maxInbound the largest message, in bytes, a compressed one may inflate to
   */
  public CompressionFilter(MessageCodecs codecs, int maxInbound) {
    this.codecs = Objects.requireNonNull(codecs, "codecs");
    this.maxInbound = maxInbound;
  }

  @Override
  public BatchSink newCall(CallInfo info, BatchSink next) {
    return new PerCall(info, next);
  }

  private final class PerCall extends FilterCall {
    private final CallInfo info;
    private volatile MessageCodec outbound;
    private volatile String peerEncoding;
    private volatile String peerAccepts;

    PerCall(CallInfo info, BatchSink next) {
      super(next);
      this.info = info;
    }

    @Override
    public void startBatch(StreamOpBatch batch) {
      if (batch.hasSendInitialMetadata()) {
        batch.sendInitialMetadata(negotiate(batch.sendInitialMetadata()));
      }
      if (batch.hasSendMessage() && outbound != null
          && (batch.sendMessageFlags() & StreamOpBatch.FLAG_NO_COMPRESS) == 0) {
        Message original = batch.sendMessage();
        try {
          batch.sendMessage(compress(original), batch.sendMessageFlags());
        } catch (IOException | RuntimeException e) {
          Status s = Status.INTERNAL.withDescription("Could not compress a message with "
              + outbound.name() + ": " + e).withCause(e);
          fail(s);
          batch.failWith(s);
          return;
        }
      }
      StreamOpBatch.InitialMetadataReady headers = batch.recvInitialMetadataReady();
      if (headers != null) {
        batch.recvInitialMetadata(md -> {
          if (md != null) {
            peerEncoding = md.get(ENCODING);
            peerAccepts = md.get(ACCEPT_ENCODING);
          }
          headers.ready(md);
        });
      }
      passDown(batch);
    }

    @Override
    protected Message received(Message m) {
      return m == null || !m.isCompressed() ? m : inflate(m);
    }

    /** Settles this side's encoding and announces what it accepts. */
    private Metadata negotiate(Metadata md) {
      Metadata out = new Metadata(md);
      String asked = out.get(ENCODING);
      out.removeAll(ENCODING);
      out.removeAll(ACCEPT_ENCODING);
      MessageCodec c = codecs.get(asked);
      if (c != null && (info.client() || MessageCodecs.accepts(peerAccepts, c.name()))) {
        outbound = c;
        out.add(ENCODING, c.name());
      }
      out.add(ACCEPT_ENCODING, codecs.acceptEncoding());
      return out;
    }

    private Message compress(Message m) throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.max(64, m.length() / 2));
      try (OutputStream z = outbound.compress(buf)) {
        m.writeTo(z);
      } finally {
        m.release();
      }
      return Message.ofBytes(buf.toByteArray(), true);
    }

    private Message inflate(Message m) {
      String enc = peerEncoding;
      MessageCodec codec = codecs.get(enc);
      Status why;
      if (codec == null) {
        why = enc == null || MessageCodecs.IDENTITY.equalsIgnoreCase(enc)
            ? Status.INTERNAL.withDescription("A message arrived compressed, but the peer "
                + "announced no grpc-encoding")
            : Status.UNIMPLEMENTED.withDescription("Message compressed with '" + enc
                + "', which this side does not support (it accepts "
                + codecs.acceptEncoding() + ")");
      } else {
        try (InputStream in = m.openStream()) {
          return Message.inflated(BoundedInflater.inflate(codec, in, maxInbound));
        } catch (BoundedInflater.TooLargeException e) {
          why = Status.RESOURCE_EXHAUSTED.withDescription(
              (info.client() ? "Response" : "Request") + " of " + info.head().path() + ": "
                  + e.getMessage());
        } catch (IOException | RuntimeException e) {
          why = Status.INTERNAL.withDescription("Could not inflate a " + codec.name()
              + " message: " + e.getMessage()).withCause(e);
        } finally {
          m.release();
        }
      }
      m.release();
      fail(why);
      return null;
    }
  }
}
