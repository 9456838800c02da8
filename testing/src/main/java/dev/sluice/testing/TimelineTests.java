package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios 8-13: the four call shapes, each in every {@link Splitting}, driven end to end through
 * the SPI with both sides running concurrently.
 */
abstract class TimelineTests extends KitTestBase {

  TimelineTests(AbstractTransportTest kit) {
    super(kit);
  }

  static Stream<Arguments> splittingsAndCounts() {
    List<Arguments> out = new ArrayList<>();
    for (Splitting s : Splitting.values()) {
      for (int n : new int[] {0, 1, 100}) {
        out.add(Arguments.of(s, n));
      }
    }
    return out.stream();
  }

  /** Runs a call whose server answers after reading the whole request; checks both outcomes. */
  private void runRequestResponse(Splitting split, List<String> requests, List<String> responses) {
    runCall(split, requests, responses, CallSide.Gate.ALL_AFTER_REQUEST);
  }

  /** Runs a whole call; the server's send flow is held back by {@code serverGate}. */
  private void runCall(Splitting split, List<String> requests, List<String> responses,
      CallSide.Gate serverGate) {
    StreamRecorder<String> c = newCall();
    CompletableFuture<CallSide.Outcome> client =
        CallSide.client(h(), c, split, requests).start(CallSide.Gate.NONE);
    StreamRecorder<String> s = accept();
    CompletableFuture<CallSide.Outcome> server =
        CallSide.server(h(), s, split, responses, Status.OK).start(serverGate);
    CallSide.Outcome serverSaw = h().await(server, "server side of the call");
    CallSide.Outcome clientSaw = h().await(client, "client side of the call");

    assertThat(TestMetadata.view(serverSaw.headers())).containsExactly("kit-from=client");
    assertThat(serverSaw.messages()).containsExactlyElementsOf(requests);
    assertCode(serverSaw.trailers().status(), Status.Code.OK);
    assertThat(TestMetadata.view(clientSaw.headers())).containsExactly("kit-from=server");
    assertThat(clientSaw.messages()).containsExactlyElementsOf(responses);
    assertCode(clientSaw.trailers().status(), Status.Code.OK);
    c.destroy();
    s.destroy();
  }

  @ParameterizedTest
  @EnumSource(Splitting.class)
  void unary_anySplitting_requestAndResponseArriveWithOk(Splitting split) {
    runRequestResponse(split, List.of("request"), List.of("response"));
  }

  @ParameterizedTest
  @MethodSource("splittingsAndCounts")
  void clientStreaming_nMessages_serverGetsAllInOrder(Splitting split, int n) {
    runRequestResponse(split, numbered("request", n), List.of("summary"));
  }

  @ParameterizedTest
  @MethodSource("splittingsAndCounts")
  void serverStreaming_nMessages_clientGetsAllInOrder(Splitting split, int n) {
    runRequestResponse(split, List.of("request"), numbered("response", n));
  }

  @Test
  void zeroMessages_bothDirections_callEndsOk() {
    runRequestResponse(Splitting.MIXED, List.of(), List.of());
  }

  @ParameterizedTest
  @EnumSource(Splitting.class)
  void bidiFreeRunning_clientHalfClosesFirst_bothGetEverything(Splitting split) {
    runCall(split, numbered("up", 50), numbered("down", 50), CallSide.Gate.CLOSE_AFTER_REQUEST);
  }

  @ParameterizedTest
  @EnumSource(Splitting.class)
  void bidiFreeRunning_bothSendAtOnce_bothGetEverything(Splitting split) {
    List<String> up = numbered("up", 50);
    List<String> down = numbered("down", 50);
    StreamRecorder<String> c = newCall();
    CompletableFuture<CallSide.Outcome> client = CallSide.client(h(), c, split, up).start(CallSide.Gate.NONE);
    StreamRecorder<String> s = accept();
    // The server does not wait for the request: both send freely; the server closes after the
    // client half-closed only by chance, so either side may end its sending first.
    CompletableFuture<CallSide.Outcome> server =
        CallSide.server(h(), s, split, down, Status.OK).start(CallSide.Gate.NONE);
    CallSide.Outcome serverSaw = h().await(server, "server side");
    CallSide.Outcome clientSaw = h().await(client, "client side");
    assertThat(clientSaw.messages()).containsExactlyElementsOf(down);
    assertCode(clientSaw.trailers().status(), Status.Code.OK);
    assertCode(serverSaw.trailers().status(), Status.Code.OK);
    // Messages sent after the server's trailers may be dropped (rule 20), never reordered.
    List<String> got = serverSaw.messages();
    assertThat(got.size()).isLessThanOrEqualTo(up.size());
    assertThat(got).containsExactlyElementsOf(up.subList(0, got.size()));
  }

  @ParameterizedTest
  @EnumSource(Splitting.class)
  void bidiPingPong_tenRounds_eachReplyFollowsItsRequest(Splitting split) {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> cFirst = c.batch().sendHeaders(TestMetadata.simple("client"))
        .recvHeaders();
    if (split == Splitting.ALL_IN_ONE) {
      cFirst.recvTrailers();
    }
    cFirst.perform();
    StreamRecorder<String> s = accept();
    CompletableFuture<Status> serverDone = h().async(() -> {
      RecordingBatch<String> sFirst = s.batch().recvHeaders().sendHeaders(
          TestMetadata.simple("server")).recvTrailers().perform();
      assertThat(sFirst.awaitHeaders()).isNotNull();
      for (String m = s.recvMessage().awaitMessage(); m != null;
          m = s.recvMessage().awaitMessage()) {
        assertCode(s.send("pong:" + m).awaitComplete(), Status.Code.OK);
      }
      assertCode(s.sendTrailers(new dev.sluice.Metadata(), Status.OK).awaitComplete(),
          Status.Code.OK);
      return sFirst.awaitTrailers().status();
    });
    assertThat(cFirst.awaitHeaders()).isNotNull();
    for (int i = 0; i < 10; i++) {
      RecordingBatch<String> round = split == Splitting.ONE_OP_PER_BATCH
          ? c.send("ping" + i) : c.batch().send("ping" + i).recvMessage().perform();
      RecordingBatch<String> reply = split == Splitting.ONE_OP_PER_BATCH ? c.recvMessage() : round;
      assertThat(reply.awaitMessage()).isEqualTo("pong:ping" + i);
      assertCode(round.awaitComplete(), Status.Code.OK);
    }
    assertCode(c.halfClose().awaitComplete(), Status.Code.OK);
    assertThat(c.recvMessage().awaitMessage()).isNull();
    Trailers t = split == Splitting.ALL_IN_ONE ? cFirst.awaitTrailers()
        : c.recvTrailers().awaitTrailers();
    assertCode(t.status(), Status.Code.OK);
    assertCode(h().await(serverDone, "server side"), Status.Code.OK);
  }
}
