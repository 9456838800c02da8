package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Drives one side of a call through a whole timeline, in a given {@link Splitting}: a send flow
 * (headers, messages one at a time, then the close) and a receive flow (headers, messages until
 * "no message", then trailers), each on a helper thread so that neither side's back-pressure can
 * deadlock the test.
 *
 * <p>The client closes with a half-close; the server with trailers and a status. A {@link Gate}
 * holds the send flow back until the peer's stream ended.
 */
final class CallSide {

  /** What the receive flow saw. */
  record Outcome(Metadata headers, List<String> messages, Trailers trailers) {}

  private final TransportHarness h;
  private final StreamRecorder<String> stream;
  private final Splitting split;
  private final boolean client;
  private final Metadata headers;
  private final List<String> toSend;
  private final Status serverStatus;
  private final CompletableFuture<Void> requestRead = new CompletableFuture<>();

  private CallSide(TransportHarness h, StreamRecorder<String> stream, Splitting split,
      boolean client, List<String> toSend, Status serverStatus) {
    this.h = h;
    this.stream = stream;
    this.split = split;
    this.client = client;
    this.headers = TestMetadata.simple(client ? "client" : "server");
    this.toSend = toSend;
    this.serverStatus = serverStatus;
  }

  /** The client side: sends {@code messages}, then half-closes. */
  static CallSide client(TransportHarness h, StreamRecorder<String> s, Splitting split,
      List<String> messages) {
    return new CallSide(h, s, split, true, messages, null);
  }

  /** The server side: sends {@code messages}, then trailers with {@code status}. */
  static CallSide server(TransportHarness h, StreamRecorder<String> s, Splitting split,
      List<String> messages, Status status) {
    return new CallSide(h, s, split, false, messages, status);
  }

  /** When the send flow may go ahead, relative to the end of the peer's stream. */
  enum Gate {
    /** Send and close freely. */
    NONE,
    /** Send messages freely; close only after the peer's stream ended. */
    CLOSE_AFTER_REQUEST,
    /** Send nothing before the peer's stream ended (a server answering a request). */
    ALL_AFTER_REQUEST
  }

  private boolean closed;

  /**
   * Starts both flows.
   *
   * @return completes once the send flow ended, with the receive flow's outcome
   */
  CompletableFuture<Outcome> start(Gate gate) {
    RecordingBatch<String> first = stream.batch();
    boolean sendsInFirst = gate != Gate.ALL_AFTER_REQUEST && split != Splitting.ONE_OP_PER_BATCH;
    int preSent = 0;
    if (split == Splitting.ALL_IN_ONE) {
      first.recvHeaders().recvMessage().recvTrailers();
      if (sendsInFirst) {
        first.sendHeaders(headers);
        preSent = fill(first, 0, gate == Gate.NONE);
      }
    } else if (split == Splitting.MIXED) {
      first.recvHeaders();
      if (sendsInFirst) {
        first.sendHeaders(headers);
      }
    }
    if (split != Splitting.ONE_OP_PER_BATCH) {
      first.perform();
    }
    CompletableFuture<Outcome> received = h.async(() -> receive(first));
    int sentBefore = preSent;
    CompletableFuture<Void> sent = h.async(() -> {
      if (sendsInFirst) {
        assertOk(first.awaitComplete(), "first batch's sends");
      }
      if (gate == Gate.ALL_AFTER_REQUEST) {
        h.await(requestRead, stream + " end of the peer's stream");
      }
      send(sentBefore, sendsInFirst, gate);
      return null;
    });
    return sent.thenCombine(received, (v, o) -> o);
  }

  /** Adds message {@code from} if any, and the close when nothing is left and it is allowed. */
  private int fill(RecordingBatch<String> b, int from, boolean closeAllowed) {
    int next = from;
    if (next < toSend.size()) {
      b.send(toSend.get(next++));
    }
    if (next == toSend.size() && closeAllowed) {
      addClose(b);
    }
    return next;
  }

  private void addClose(RecordingBatch<String> b) {
    closed = true;
    if (client) {
      b.halfClose();
    } else {
      b.sendTrailers(new Metadata(), serverStatus);
    }
  }

  private void send(int alreadySent, boolean headersSent, Gate gate) {
    int next = alreadySent;
    if (!headersSent) {
      RecordingBatch<String> b = stream.batch().sendHeaders(headers);
      if (split == Splitting.ALL_IN_ONE) {
        next = fill(b, next, gate != Gate.CLOSE_AFTER_REQUEST);
      }
      assertOk(b.perform().awaitComplete(), "headers batch");
    }
    while (next < toSend.size()) {
      RecordingBatch<String> b = stream.batch().send(toSend.get(next++));
      if (next == toSend.size() && split != Splitting.ONE_OP_PER_BATCH) {
        if (gate == Gate.CLOSE_AFTER_REQUEST) {
          h.await(requestRead, stream + " end of the peer's stream");
        }
        addClose(b);
      }
      assertOk(b.perform().awaitComplete(), "send of message " + (next - 1));
    }
    if (!closed) {
      if (gate == Gate.CLOSE_AFTER_REQUEST) {
        h.await(requestRead, stream + " end of the peer's stream");
      }
      RecordingBatch<String> close = stream.batch();
      addClose(close);
      assertOk(close.perform().awaitComplete(), "close");
    }
  }

  private Outcome receive(RecordingBatch<String> first) {
    Metadata peerHeaders = split == Splitting.ONE_OP_PER_BATCH
        ? stream.recvHeaders().awaitHeaders() : first.awaitHeaders();
    List<String> got = new ArrayList<>();
    RecordingBatch<String> trailersOp = split == Splitting.ALL_IN_ONE ? first : null;
    while (true) {
      RecordingBatch<String> rm;
      if (got.isEmpty() && split == Splitting.ALL_IN_ONE) {
        rm = first;
      } else if (got.isEmpty() && split == Splitting.MIXED) {
        rm = stream.batch().recvMessage().recvTrailers().perform();
        trailersOp = rm;
      } else {
        rm = stream.recvMessage();
      }
      String m = rm.awaitMessage();
      if (m == null) {
        break;
      }
      got.add(m);
    }
    requestRead.complete(null);
    if (trailersOp == null) {
      trailersOp = stream.recvTrailers();
    }
    return new Outcome(peerHeaders, got, trailersOp.awaitTrailers());
  }

  private void assertOk(Status s, String what) {
    assertThat(s).as(stream + " " + what).isNotNull();
    assertThat(s.code()).as(stream + " " + what + ": " + s).isEqualTo(Status.Code.OK);
  }
}
