package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Marshaller;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What every theme of the kit shares: the harness of the running test and small helpers. */
abstract class KitTestBase {

  static final Marshaller<String> STRINGS = Marshallers.IMMUTABLE_STRINGS;

  final AbstractTransportTest kit;

  KitTestBase(AbstractTransportTest kit) {
    this.kit = kit;
  }

  TransportHarness h() {
    return kit.harness();
  }

  StreamRecorder<String> newCall() {
    return h().newCall(STRINGS);
  }

  StreamRecorder<String> accept() {
    return h().accept(STRINGS);
  }

  static void assertCode(Status status, Status.Code expected) {
    assertThat(status).as("status").isNotNull();
    assertThat(status.code()).as("status code of %s", status).isEqualTo(expected);
  }

  static List<String> numbered(String prefix, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(prefix + "-" + i);
    }
    return out;
  }

  /** The client's whole unary call in one batch. */
  static RecordingBatch<String> unaryBatch(StreamRecorder<String> client, String request) {
    return client.batch().sendHeaders(TestMetadata.simple("client")).send(request).halfClose()
        .recvHeaders().recvMessage().recvTrailers().perform();
  }

  /**
   * Serves one accepted stream on a helper thread: reads the request to its end, answers
   * {@code "echo:" + request} with status OK, and waits for "call closed".
   */
  CompletableFuture<Trailers> serveEcho(StreamRecorder<String> server) {
    return h().async(() -> {
      RecordingBatch<String> first =
          server.batch().recvHeaders().recvMessage().recvTrailers().perform();
      String request = first.awaitMessage();
      assertThat(server.recvMessage().awaitMessage()).as("end of client stream").isNull();
      server.batch().sendHeaders(TestMetadata.simple("server")).send("echo:" + request)
          .sendTrailers(new Metadata(), Status.OK).perform().awaitComplete();
      return first.awaitTrailers();
    });
  }

  /** A whole unary call on {@code client}, served by the next accepted stream; asserts OK. */
  void assertUnaryWorks(Transport client) {
    StreamRecorder<String> c = h().newCall(client, STRINGS, TransportHarness.DEFAULT_HEAD);
    RecordingBatch<String> call = unaryBatch(c, "ping");
    CompletableFuture<Trailers> served = serveEcho(accept());
    assertThat(call.awaitMessage()).isEqualTo("echo:ping");
    assertCode(call.awaitTrailers().status(), Status.Code.OK);
    assertCode(call.awaitComplete(), Status.Code.OK);
    assertCode(h().await(served, "server side").status(), Status.Code.OK);
    c.destroy();
  }
}
