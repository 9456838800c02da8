package dev.sluice.h2;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.grpc.RequestHeaders;
import dev.sluice.h2.grpc.ResponseHeaders;
import dev.sluice.h2.grpc.StatusMapping;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.h2.hpack.HeaderListTooLargeException;
import dev.sluice.h2.hpack.HeaderListener;
import dev.sluice.h2.hpack.HpackDecoder;
import dev.sluice.h2.hpack.HpackException;
import dev.sluice.transport.StreamAcceptor;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * HEADERS from the peer: the block is HPACK-decoded (always, to keep the table in step), then
 * mapped as gRPC sees it. On a server, a request opens a stream and reaches the acceptor, and
 * trailers end the client's side; on a client, response headers, trailers-only responses and
 * trailers. Runs on the connection's thread only.
 */
final class InboundHeaders {

  private final Http2Connection conn;
  private final HpackDecoder decoder;
  /** The fields of the header block being handled; see {@link #onHeaders}. */
  private final FieldList decodedFields = new FieldList();
  private StreamAcceptor acceptor;

  InboundHeaders(Http2Connection conn) {
    this.conn = conn;
    this.decoder = new HpackDecoder(HpackDecoder.DEFAULT_MAX_TABLE_SIZE,
        conn.config.maxHeaderListSize());
  }

  /** Server: where new streams go. */
  void setAcceptor(StreamAcceptor a) {
    this.acceptor = a;
  }

  void onHeaders(int id, ByteBuf block, boolean endStream) throws Http2Exception {
    // One list serves every block: the parsers below read it and keep nothing of it.
    FieldList fields = decodedFields;
    fields.clear();
    boolean tooLarge = false;
    int blockSize = block.readableBytes();
    try {
      decoder.decode(block, fields);
    } catch (HpackException e) {
      throw Http2Exception.connectionError(Http2ErrorCode.COMPRESSION_ERROR,
          "Bad header block: %s (RFC 7541)", e.getMessage());
    } catch (HeaderListTooLargeException e) {
      tooLarge = true;
    }
    H2Stream s = conn.streams.get(id);
    if (conn.client) {
      onClientHeaders(id, s, fields, tooLarge, endStream, blockSize);
    } else {
      onServerHeaders(id, s, fields, tooLarge, endStream, blockSize);
    }
  }

  private void onServerHeaders(int id, H2Stream s, List<HeaderField> fields, boolean tooLarge,
      boolean endStream, int blockSize) throws Http2Exception {
    if (s != null) {
      // Trailers from the client: they must end its side (RFC 9113 §8.1).
      if (!s.state.canReceive()) {
        throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
            "HEADERS on a half-closed stream %d (RFC 9113 §5.1)", id);
      }
      if (!endStream) {
        throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
            "Second HEADERS without END_STREAM on stream %d (RFC 9113 §8.1)", id);
      }
      s.stats.recordReceived(blockSize, 0, 9);
      conn.closer.endOfPeerStream(s);
      return;
    }
    if ((id & 1) == 0) {
      throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
          "Client opened stream %d, an even id (RFC 9113 §5.1.1)", id);
    }
    if (id <= conn.streams.lastPeerStreamId()) {
      // A stream that already ended; its HPACK state was kept by decoding above.
      throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
          "HEADERS on closed stream %d (RFC 9113 §5.1)", id);
    }
    conn.streams.peerOpened(id);
    if (conn.end.refusesNewStreams() || acceptor == null) {
      conn.outbound.writeRst(id, Http2ErrorCode.REFUSED_STREAM);
      return;
    }
    if (conn.streams.openCount() >= conn.config.maxConcurrentStreams()) {
      // Enforced from the first stream, before our SETTINGS is acknowledged.
      conn.outbound.writeRst(id, Http2ErrorCode.REFUSED_STREAM);
      return;
    }
    if (tooLarge) {
      conn.outbound.answerWithoutCall(id, endStream, ResponseHeaders.encodeTrailers(
          Status.RESOURCE_EXHAUSTED.withDescription("Request header list is over the limit of "
              + conn.config.maxHeaderListSize() + " bytes"), new Metadata(), true), null);
      return;
    }
    RequestHeaders.Parsed parsed = RequestHeaders.parse(fields);
    if (parsed instanceof RequestHeaders.Malformed m) {
      throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
          "Malformed request: %s", m.why());
    }
    if (parsed instanceof RequestHeaders.NotGrpc n) {
      List<HeaderField> head = List.of(HeaderField.of(":status", Integer.toString(n.httpStatus())),
          HeaderField.of("content-type", "text/plain; charset=utf-8"));
      conn.outbound.answerWithoutCall(id, endStream, head, n.body() + "\n");
      return;
    }
    RequestHeaders.Grpc g = (RequestHeaders.Grpc) parsed;
    H2Stream ns = conn.streams.openServerStream(id, g.head());
    ns.receivedHeaders = g.metadata();
    ns.stats.recordReceived(blockSize, 0, 9);
    if (endStream) {
      conn.closer.endOfPeerStream(ns);
    }
    acceptor.accept(ns, g.head());
  }

  private void onClientHeaders(int id, H2Stream s, List<HeaderField> fields, boolean tooLarge,
      boolean endStream, int blockSize) throws Http2Exception {
    if (s == null) {
      if ((id & 1) == 0 || conn.streams.neverOpened(id)) {
        throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
            "HEADERS on stream %d, which we never opened (RFC 9113 §5.1.1)", id);
      }
      throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
          "HEADERS on closed stream %d (RFC 9113 §5.1)", id);
    }
    if (!s.state.canReceive()) {
      throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
          "HEADERS on a half-closed stream %d (RFC 9113 §5.1)", id);
    }
    s.stats.recordReceived(blockSize, 0, 9);
    if (tooLarge) {
      conn.closer.cancel(s, Status.RESOURCE_EXHAUSTED.withDescription("Response header list is "
          + "over the limit of " + conn.config.maxHeaderListSize() + " bytes"));
      return;
    }
    boolean first = s.receivedHeaders == null && s.receivedTrailers == null;
    if (first && !endStream) {
      ResponseHeaders.Head h = ResponseHeaders.parseHeaders(fields);
      if (!h.isGrpc()) {
        Status st = h.httpStatus() != 200 && h.httpStatus() > 0
            ? StatusMapping.fromHttpStatus(h.httpStatus())
            : Status.UNKNOWN.withDescription("The peer is not a gRPC server: " + h.problem());
        conn.closer.cancel(s, st);
        return;
      }
      s.receivedHeaders = h.metadata();
    } else {
      if (!endStream) {
        throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
            "Trailers without END_STREAM on stream %d (RFC 9113 §8.1)", id);
      }
      ResponseHeaders.Trailers t = ResponseHeaders.parseTrailers(fields);
      s.receivedTrailers = t.metadata();
      s.finalStatus = t.status();
    }
    if (endStream) {
      conn.closer.endOfPeerStream(s);
    } else {
      conn.ops.deliver(s);
    }
  }

  /**
   * Collects a header block's fields; fields the peer sent as table indexes are the table's own
   * objects, so a steady stream of calls builds almost no field objects.
   */
  private static final class FieldList extends ArrayList<HeaderField> implements HeaderListener {
    FieldList() {
      super(12);
    }

    @Override
    public void onHeader(String name, String value, boolean sensitive) {
      add(new HeaderField(name, value, sensitive));
    }

    @Override
    public void onIndexedField(HeaderField field) {
      add(field);
    }
  }
}
