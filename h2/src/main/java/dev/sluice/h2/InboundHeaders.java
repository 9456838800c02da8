package dev.sluice.h2;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.grpc.HeaderRules;
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
      requireWellFormedTrailers(id, fields);
      requireFullContent(s);
      s.stats.recordReceived(blockSize, 0, 9);
      conn.closer.endOfPeerStream(s);
      return;
    }
    if ((id & 1) == 0) {
      throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
          "Client opened stream %d, an even id (RFC 9113 §5.1.1)", id);
    }
    if (id <= conn.streams.lastPeerStreamId()) {
      // Not a new stream; its HPACK state was kept by decoding above.
      onClosedStream(id, "the client");
      return;
    }
    conn.streams.peerOpened(id);
    if (conn.end.refusesNewStreams() || acceptor == null) {
      conn.outbound.writeRst(id, Http2ErrorCode.REFUSED_STREAM);
      return;
    }
    if (conn.streams.openCount() >= conn.config.maxConcurrentStreams()) {
      // Enforced from the first stream, before our SETTINGS is acknowledged. Every stream
      // counts until both sides have ended it, answered or not (RFC 9113 §5.1.2).
      conn.closer.refuseOverLimit(id);
      return;
    }
    if (tooLarge) {
      conn.outbound.answerWithHeaders(id, endStream, ResponseHeaders.encodeTrailers(
          Status.RESOURCE_EXHAUSTED.withDescription("Request header list is over the limit of "
              + conn.config.maxHeaderListSize() + " bytes"), new Metadata(), true));
      return;
    }
    RequestHeaders.Parsed parsed = RequestHeaders.parse(fields);
    if (parsed instanceof RequestHeaders.Malformed m) {
      throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
          "Malformed request: %s", m.why());
    }
    long contentLength = contentLength(id, fields);
    if (endStream && contentLength > 0) {
      throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
          "content-length %d on stream %d, which ends with its HEADERS (RFC 9113 §8.1.1)",
          contentLength, id);
    }
    if (parsed instanceof RequestHeaders.NotGrpc n) {
      H2Stream ps = conn.streams.openPlainAnswer(id);
      ps.contentLength = contentLength;
      ps.stats.recordReceived(blockSize, 0, 9);
      if (endStream) {
        conn.closer.endOfPeerStream(ps);
      }
      List<HeaderField> head = List.of(HeaderField.of(":status", Integer.toString(n.httpStatus())),
          HeaderField.of("content-type", "text/plain; charset=utf-8"));
      conn.outbound.answerPlain(ps, head, n.body() + "\n");
      return;
    }
    RequestHeaders.Grpc g = (RequestHeaders.Grpc) parsed;
    H2Stream ns = conn.streams.openServerStream(id, g.head());
    ns.receivedHeaders = g.metadata();
    ns.contentLength = contentLength;
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
      onClosedStream(id, "the server");
      return;
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
    if (first) {
      String problem = HeaderRules.checkResponseHead(fields);
      if (problem != null) {
        throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
            "Malformed response on stream %d: %s", id, problem);
      }
    }
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
      s.contentLength = contentLength(id, fields);
    } else {
      if (!endStream) {
        throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
            "Trailers without END_STREAM on stream %d (RFC 9113 §8.1)", id);
      }
      if (!first) {
        requireWellFormedTrailers(id, fields);
        requireFullContent(s);
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
   * HEADERS on a stream that was open once and is closed now (RFC 9113 §5.1): ignored when we
   * reset it (the frame may have crossed our RST_STREAM), a stream error after the peer reset it,
   * a connection error after the peer ended it. A server that does not remember the id takes it
   * for a new stream opened below one already used (§5.1.1).
   */
  private void onClosedStream(int id, String peer) throws Http2Exception {
    switch (conn.streams.lateFrame(id)) {
      case IGNORE -> {
      }
      case STREAM_ERROR -> throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
          "HEADERS on stream %d, which %s reset (RFC 9113 §5.1)", id, peer);
      case CONNECTION_ERROR -> throw Http2Exception.connectionError(
          Http2ErrorCode.STREAM_CLOSED,
          "HEADERS on stream %d, which %s already ended (RFC 9113 §5.1)", id, peer);
      case UNKNOWN -> {
        if (!conn.client) {
          throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
              "New stream %d is below stream %d, already opened (RFC 9113 §5.1.1)", id,
              conn.streams.lastPeerStreamId());
        }
        throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
            "HEADERS on closed stream %d (RFC 9113 §5.1)", id);
      }
      default -> throw new AssertionError();
    }
  }

  /** Trailers carry no pseudo-header field (RFC 9113 §8.1) and follow §8.2. */
  private static void requireWellFormedTrailers(int id, List<HeaderField> fields)
      throws Http2Exception {
    String problem = HeaderRules.checkTrailers(fields);
    if (problem != null) {
      throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
          "Malformed trailers on stream %d: %s", id, problem);
    }
  }

  /** The stream ends: its DATA must add up to its content-length, if it sent one. */
  static void requireFullContent(H2Stream s) throws Http2Exception {
    if (s.contentLength >= 0 && s.dataReceived != s.contentLength) {
      throw Http2Exception.streamError(s.id, Http2ErrorCode.PROTOCOL_ERROR,
          "content-length %d on stream %d, but its DATA carried %d bytes (RFC 9113 §8.1.1)",
          s.contentLength, s.id, s.dataReceived);
    }
  }

  /**
   * The content-length among {@code fields}, or -1 when there is none. A value that is not a
   * number, or two that differ, make the message malformed (RFC 9113 §8.1.1).
   */
  private static long contentLength(int id, List<HeaderField> fields) throws Http2Exception {
    long length = -1;
    for (HeaderField f : fields) {
      if (f.name().equals("content-length")) {
        long value = parseLength(f.value());
        if (value < 0 || length >= 0 && value != length) {
          throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
              "Malformed content-length on stream %d (RFC 9113 §8.1.1)", id);
        }
        length = value;
      }
    }
    return length;
  }

  private static long parseLength(String v) {
    if (v.isEmpty() || v.length() > 18) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
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
