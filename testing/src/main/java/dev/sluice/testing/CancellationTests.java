package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenarios 26-34: cancellation from the client and from the server at each stage of a call. The
 * peer sees it (the server: CANCELLED; the client: the server's status); every pending op on both
 * sides completes exactly once; ops after the cancel complete at once with failure or nothing.
 *
 * <p>A wire transport may be unable to carry a server's cancel status to the client (RST_STREAM
 * has no room for it); for transports with {@code hasWire()} the client may then see CANCELLED
 * instead of the server's status. Without a wire the status must arrive as given.
 */
abstract class CancellationTests extends KitTestBase {

  CancellationTests(AbstractTransportTest kit) {
    super(kit);
  }

  /** How far the call got before the cancel. */
  enum Stage {
    /** 27: both sides exchanged initial metadata. */
    AFTER_HEADERS,
    /** 28: one message each way was delivered. */
    MID_STREAM,
    /** 29: the client half-closed and the server saw it. */
    AFTER_HALF_CLOSE,
    /** 30: the server's response message was read; its trailers are not sent yet. */
    AFTER_RESPONSE
  }

  static final Status CLIENT_CANCEL = Status.CANCELLED.withDescription("client gave up");
  static final Status SERVER_CANCEL = Status.ABORTED.withDescription("server gave up");

  private record Call(StreamRecorder<String> client, RecordingBatch<String> clientTrailers,
      StreamRecorder<String> server, RecordingBatch<String> serverTrailers) {}

  private Call callAt(Stage stage) {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> cFirst = c.batch().sendHeaders(TestMetadata.simple("client"))
        .recvHeaders().recvTrailers().perform();
    StreamRecorder<String> s = accept();
    RecordingBatch<String> sFirst = s.batch().recvHeaders().recvTrailers()
        .sendHeaders(TestMetadata.simple("server")).perform();
    assertThat(sFirst.awaitHeaders()).isNotNull();
    assertThat(cFirst.awaitHeaders()).isNotNull();
    if (stage.compareTo(Stage.MID_STREAM) >= 0) {
      RecordingBatch<String> sMsg = s.recvMessage();
      RecordingBatch<String> cSend = c.send("request");
      assertThat(sMsg.awaitMessage()).isEqualTo("request");
      assertCode(cSend.awaitComplete(), Status.Code.OK);
      RecordingBatch<String> cMsg = c.recvMessage();
      RecordingBatch<String> sSend = s.send("reply");
      assertThat(cMsg.awaitMessage()).isEqualTo("reply");
      assertCode(sSend.awaitComplete(), Status.Code.OK);
    }
    if (stage.compareTo(Stage.AFTER_HALF_CLOSE) >= 0) {
      RecordingBatch<String> sMsg = s.recvMessage();
      assertCode(c.halfClose().awaitComplete(), Status.Code.OK);
      assertThat(sMsg.awaitMessage()).isNull();
    }
    if (stage.compareTo(Stage.AFTER_RESPONSE) >= 0) {
      RecordingBatch<String> cMsg = c.recvMessage();
      RecordingBatch<String> sSend = s.send("response");
      assertThat(cMsg.awaitMessage()).isEqualTo("response");
      assertCode(sSend.awaitComplete(), Status.Code.OK);
    }
    return new Call(c, cFirst, s, sFirst);
  }

  private void assertClientSawServerCancel(Status status) {
    if (kit.hasWire()) {
      assertThat(status.code()).as("client status after the server's cancel: %s", status)
          .isIn(SERVER_CANCEL.code(), Status.Code.CANCELLED);
    } else {
      assertCode(status, SERVER_CANCEL.code());
      assertThat(status.description()).isEqualTo(SERVER_CANCEL.description());
    }
  }

  /** Ops issued after the stream ended by cancel: sends fail, recvs yield nothing, at once. */
  private static void assertOpsAfterCancelFail(StreamRecorder<String> side) {
    RecordingBatch<String> late = side.batch().sendBody("after cancel").recvMessage().perform();
    assertThat(late.awaitMessage()).as("%s recvMessage after cancel", side).isNull();
    assertThat(late.awaitComplete().isOk()).as("%s send after cancel", side).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void clientCancel_atStage_serverSeesCancelledAndEveryOpCompletes(Stage stage) {
    Call call = callAt(stage);
    RecordingBatch<String> cPending = call.client().recvMessage();
    RecordingBatch<String> sPending = call.server().recvMessage();
    RecordingBatch<String> cancel = call.client().cancel(CLIENT_CANCEL);
    cancel.awaitComplete();
    assertThat(cPending.awaitMessage()).isNull();
    assertCode(call.clientTrailers().awaitTrailers().status(), Status.Code.CANCELLED);
    assertThat(sPending.awaitMessage()).isNull();
    assertCode(call.serverTrailers().awaitTrailers().status(), Status.Code.CANCELLED);
    assertOpsAfterCancelFail(call.client());
    assertOpsAfterCancelFail(call.server());
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void serverCancel_atStage_clientSeesTheStatusAndEveryOpCompletes(Stage stage) {
    Call call = callAt(stage);
    RecordingBatch<String> cPending = call.client().recvMessage();
    RecordingBatch<String> sPending = call.server().recvMessage();
    call.server().cancel(SERVER_CANCEL).awaitComplete();
    assertThat(sPending.awaitMessage()).isNull();
    assertCode(call.serverTrailers().awaitTrailers().status(), SERVER_CANCEL.code());
    assertThat(cPending.awaitMessage()).isNull();
    assertClientSawServerCancel(call.clientTrailers().awaitTrailers().status());
    assertOpsAfterCancelFail(call.server());
    assertOpsAfterCancelFail(call.client());
  }

  @Test
  void clientCancel_beforeAnyOp_laterOpsCompleteAtOnceWithFailure() {
    StreamRecorder<String> c = newCall();
    c.cancel(CLIENT_CANCEL).awaitComplete();
    RecordingBatch<String> all = unaryBatch(c, "after cancel");
    assertThat(all.awaitComplete().isOk()).as("sends after cancel").isFalse();
    assertThat(all.awaitHeaders()).isNull();
    assertThat(all.awaitMessage()).isNull();
    assertCode(all.awaitTrailers().status(), Status.Code.CANCELLED);
  }

  @Test
  void serverCancel_beforeAnyServerOp_clientSeesStatusAndServerOpsFail() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> call = c.batch().sendHeaders(TestMetadata.simple("client"))
        .recvHeaders().recvMessage().recvTrailers().perform();
    StreamRecorder<String> s = accept();
    s.cancel(SERVER_CANCEL).awaitComplete();
    assertThat(call.awaitHeaders()).isNull();
    assertThat(call.awaitMessage()).isNull();
    assertClientSawServerCancel(call.awaitTrailers().status());
    RecordingBatch<String> late = s.batch().recvHeaders().recvMessage().recvTrailers()
        .sendHeaders(new Metadata()).send("after cancel").perform();
    assertThat(late.awaitComplete().isOk()).as("server sends after cancel").isFalse();
    assertThat(late.awaitMessage()).isNull();
    assertCode(late.awaitTrailers().status(), SERVER_CANCEL.code());
  }

  @Test
  void clientCancel_withSendPending_sendCompletesExactlyOnce() {
    Call call = callAt(Stage.AFTER_HEADERS);
    RecordingBatch<String> unread = call.client().sendBody("nobody reads this");
    call.client().cancel(CLIENT_CANCEL).awaitComplete();
    unread.awaitComplete();
    assertCode(call.serverTrailers().awaitTrailers().status(), Status.Code.CANCELLED);
  }

  @Test
  void cancel_fromInsideRecvCallback_everythingCompletes() {
    Call call = callAt(Stage.AFTER_HEADERS);
    RecordingBatch<String> cMsg = call.client().batch().recvMessage();
    cMsg.messageFuture().thenRun(() -> call.client().cancel(CLIENT_CANCEL));
    cMsg.perform();
    call.server().send("trigger");
    assertThat(cMsg.awaitMessage()).isEqualTo("trigger");
    assertCode(call.clientTrailers().awaitTrailers().status(), Status.Code.CANCELLED);
    assertCode(call.serverTrailers().awaitTrailers().status(), Status.Code.CANCELLED);
  }

  @Test
  void cancel_afterCallFinished_completesAndChangesNothing() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> call = unaryBatch(c, "request");
    serveEcho(accept());
    assertCode(call.awaitTrailers().status(), Status.Code.OK);
    assertThat(call.awaitMessage()).isEqualTo("echo:request");
    c.cancel(CLIENT_CANCEL).awaitComplete();
    assertThat(c.recvMessage().awaitMessage()).isNull();
  }
}
