package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 14-21 and 25: what the peer sees, in what order, and which callback waits for what.
 * Scenarios 22-24 are the surface's duties (it reorders early messages, and rejects a second op of
 * a kind or a send after trailers before a transport sees them), so they are not tested here.
 */
abstract class OrderingTests extends KitTestBase {

  OrderingTests(AbstractTransportTest kit) {
    super(kit);
  }

  /** Server side reading everything one op at a time, after the client sent it all. */
  private List<String> serverReadsAll(StreamRecorder<String> s) {
    assertThat(s.recvHeaders().awaitHeaders()).as("client headers").isNotNull();
    return s.drainMessages();
  }

  @Test
  void peerEvents_sendsInSeparateBatches_arriveHeadersMessagesEndInOrder() {
    StreamRecorder<String> c = newCall();
    c.sendHeaders(TestMetadata.simple("client"));
    RecordingBatch<String> m1 = c.send("one");
    StreamRecorder<String> s = accept();
    CompletableFuture<List<String>> read = h().async(() -> serverReadsAll(s));
    assertCode(m1.awaitComplete(), Status.Code.OK);
    assertCode(c.send("two").awaitComplete(), Status.Code.OK);
    assertCode(c.halfClose().awaitComplete(), Status.Code.OK);
    assertThat(h().await(read, "server reads")).containsExactly("one", "two");
    assertThat(s.events()).containsExactly(StreamRecorder.Event.HEADERS,
        StreamRecorder.Event.MESSAGE, StreamRecorder.Event.MESSAGE,
        StreamRecorder.Event.END_OF_STREAM);
  }

  @Test
  void sendMessage_handedDownBeforeHeadersBatch_arrivesAfterHeaders() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> msg = c.send("early");
    RecordingBatch<String> hdrs = c.sendHeaders(TestMetadata.simple("client"));
    StreamRecorder<String> s = accept();
    CompletableFuture<List<String>> read = h().async(() -> serverReadsAll(s));
    assertCode(hdrs.awaitComplete(), Status.Code.OK);
    assertCode(msg.awaitComplete(), Status.Code.OK);
    assertCode(c.halfClose().awaitComplete(), Status.Code.OK);
    assertThat(h().await(read, "server reads")).containsExactly("early");
  }

  @Test
  void sendMessage_queuedBeforeHeadersCompleted_arrivesAfterHeaders() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> hdrs = c.sendHeaders(TestMetadata.simple("client"));
    RecordingBatch<String> msg = c.send("queued");
    RecordingBatch<String> close = c.halfClose();
    StreamRecorder<String> s = accept();
    RecordingBatch<String> sHdrs = s.recvHeaders();
    assertThat(TestMetadata.view(sHdrs.awaitHeaders())).containsExactly("kit-from=client");
    assertThat(s.drainMessages()).containsExactly("queued");
    assertCode(hdrs.awaitComplete(), Status.Code.OK);
    assertCode(msg.awaitComplete(), Status.Code.OK);
    assertCode(close.awaitComplete(), Status.Code.OK);
  }

  @Test
  void recvMessage_oneOpAtATime_yieldsExactlyOneMessageInOrder() {
    StreamRecorder<String> c = newCall();
    c.sendHeaders(TestMetadata.simple("client"));
    StreamRecorder<String> s = accept();
    s.recvHeaders();
    CompletableFuture<Void> sending = h().async(() -> {
      for (String m : numbered("m", 5)) {
        assertCode(c.send(m).awaitComplete(), Status.Code.OK);
      }
      assertCode(c.halfClose().awaitComplete(), Status.Code.OK);
      return null;
    });
    for (String expected : numbered("m", 5)) {
      assertThat(s.recvMessage().awaitMessage()).isEqualTo(expected);
    }
    assertThat(s.recvMessage().awaitMessage()).isNull();
    h().await(sending, "client sends");
  }

  @Test
  void recvMessage_afterPeerEndOfStream_yieldsNoMessageAgainThenTrailers() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> call = unaryBatch(c, "request");
    CompletableFuture<Trailers> served = serveEcho(accept());
    assertThat(call.awaitMessage()).isEqualTo("echo:request");
    assertThat(c.recvMessage().awaitMessage()).as("first read past the end").isNull();
    assertThat(c.recvMessage().awaitMessage()).as("second read past the end").isNull();
    assertCode(call.awaitTrailers().status(), Status.Code.OK);
    assertCode(h().await(served, "server").status(), Status.Code.OK);
    // After the message: the two reads past the end and the trailers. Rule 4 lets the trailers
    // come as soon as the end is known, before or between those reads (a transport that learns
    // of the end only when it reads on may answer a read first), but never a message again.
    List<StreamRecorder.Event> events = c.events();
    int message = events.lastIndexOf(StreamRecorder.Event.MESSAGE);
    assertThat(events.subList(message + 1, events.size())).containsExactlyInAnyOrder(
        StreamRecorder.Event.END_OF_STREAM, StreamRecorder.Event.END_OF_STREAM,
        StreamRecorder.Event.TRAILERS);
  }

  @Test
  void recvTrailers_issuedFirst_waitsUntilMessagesConsumed() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> trailers = c.batch().sendHeaders(TestMetadata.simple("client"))
        .halfClose().recvTrailers().perform();
    StreamRecorder<String> s = accept();
    CompletableFuture<Void> serving = h().async(() -> {
      s.recvHeaders();
      assertThat(s.recvMessage().awaitMessage()).isNull();
      s.batch().sendHeaders(new Metadata()).send("a").perform().awaitComplete();
      s.batch().send("b").sendTrailers(new Metadata(), Status.OK).perform().awaitComplete();
      return null;
    });
    assertThat(c.recvMessage().awaitMessage()).isEqualTo("a");
    assertThat(trailers.trailersFuture()).as("trailers while a message is unread").isNotDone();
    assertThat(c.recvMessage().awaitMessage()).isEqualTo("b");
    assertThat(c.recvMessage().awaitMessage()).isNull();
    assertCode(trailers.awaitTrailers().status(), Status.Code.OK);
    h().await(serving, "server");
    // Trailers may come before or after the final "no message", never before a message.
    List<StreamRecorder.Event> events = c.events();
    assertThat(events.lastIndexOf(StreamRecorder.Event.MESSAGE))
        .as("last message before the trailers in %s", events)
        .isLessThan(events.indexOf(StreamRecorder.Event.TRAILERS));
  }

  @Test
  void serverRecvTrailers_clientDone_waitsForServersOwnTrailers() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> call = unaryBatch(c, "request");
    StreamRecorder<String> s = accept();
    AtomicBoolean trailersHandedDown = new AtomicBoolean();
    AtomicBoolean closedEarly = new AtomicBoolean();
    RecordingBatch<String> sFirst = s.batch().recvHeaders().recvMessage().recvTrailers();
    sFirst.trailersFuture().thenRun(() -> closedEarly.set(!trailersHandedDown.get()));
    sFirst.perform();
    assertThat(sFirst.awaitMessage()).isEqualTo("request");
    assertThat(s.recvMessage().awaitMessage()).isNull();
    assertCode(call.awaitComplete(), Status.Code.OK);
    assertThat(sFirst.trailersFuture()).as("call closed before the server's trailers").isNotDone();
    trailersHandedDown.set(true);
    s.batch().sendHeaders(new Metadata()).send("response")
        .sendTrailers(new Metadata(), Status.OK).perform();
    assertCode(sFirst.awaitTrailers().status(), Status.Code.OK);
    assertThat(closedEarly).as("server's recvTrailingMetadata ran before its trailers were sent")
        .isFalse();
    assertCode(call.awaitTrailers().status(), Status.Code.OK);
  }

  @Test
  void serverTrailers_beforeClientHalfClose_clientLaterSendsSucceedWithoutEffect() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> cFirst = c.batch().sendHeaders(TestMetadata.simple("client"))
        .recvHeaders().recvMessage().recvTrailers().perform();
    StreamRecorder<String> s = accept();
    RecordingBatch<String> sFirst = s.batch().recvHeaders().recvTrailers()
        .sendHeaders(new Metadata()).send("early answer").sendTrailers(new Metadata(), Status.OK)
        .perform();
    assertThat(cFirst.awaitMessage()).isEqualTo("early answer");
    assertThat(c.recvMessage().awaitMessage()).isNull();
    assertCode(cFirst.awaitTrailers().status(), Status.Code.OK);
    assertCode(sFirst.awaitComplete(), Status.Code.OK);
    assertCode(c.send("too late").awaitComplete(), Status.Code.OK);
    assertCode(c.halfClose().awaitComplete(), Status.Code.OK);
    assertCode(sFirst.awaitTrailers().status(), Status.Code.OK);
  }

  @Test
  void trailersOnly_serverSendsOnlyStatus_clientGetsNoHeadersNoMessageAndTheStatus() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> call = unaryBatch(c, "request");
    StreamRecorder<String> s = accept();
    RecordingBatch<String> sFirst = s.batch().recvHeaders().recvTrailers().perform();
    Metadata trailers = new Metadata().add(TestMetadata.PREFIX + "why", "no such thing");
    s.sendTrailers(trailers, Status.NOT_FOUND.withDescription("nothing here"));
    assertThat(call.awaitHeaders()).as("initial metadata of a trailers-only response").isNull();
    assertThat(call.awaitMessage()).isNull();
    Trailers t = call.awaitTrailers();
    assertCode(t.status(), Status.Code.NOT_FOUND);
    assertThat(t.status().description()).isEqualTo("nothing here");
    assertThat(TestMetadata.view(t.metadata())).containsExactly("kit-why=no such thing");
    assertCode(sFirst.awaitTrailers().status(), Status.Code.OK);
  }

  @Test
  void onComplete_batchWithRecvOps_doesNotWaitForThem() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> call = unaryBatch(c, "request");
    StreamRecorder<String> s = accept();
    RecordingBatch<String> sFirst = s.batch().recvHeaders().recvMessage().recvTrailers().perform();
    assertThat(sFirst.awaitMessage()).isEqualTo("request");
    assertCode(call.awaitComplete(), Status.Code.OK);
    assertThat(call.headersFuture()).as("client headers before the server sent any").isNotDone();
    assertThat(call.messageFuture()).isNotDone();
    assertThat(call.trailersFuture()).isNotDone();
    assertCode(s.sendHeaders(new Metadata()).awaitComplete(), Status.Code.OK);
    assertThat(call.awaitHeaders()).isNotNull();
    assertThat(call.messageFuture()).as("message before the server sent one").isNotDone();
    s.batch().send("response").sendTrailers(new Metadata(), Status.OK).perform();
    assertThat(call.awaitMessage()).isEqualTo("response");
    assertCode(call.awaitTrailers().status(), Status.Code.OK);
  }
}
