package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenarios 38, 39 and 41: metadata and status cross the transport intact. Scenario 40 (reserved
 * keys) is the surface's duty: calls drop reserved keys before a transport sees them.
 */
abstract class MetadataStatusTests extends KitTestBase {

  MetadataStatusTests(AbstractTransportTest kit) {
    super(kit);
  }

  /** What each side received from the other in one call with the given metadata. */
  private record Exchange(Metadata serverGotHeaders, Metadata clientGotHeaders,
      Trailers clientGotTrailers) {}

  private Exchange exchange(Metadata requestHeaders, Metadata responseHeaders,
      Metadata responseTrailers, Status status) {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> call = c.batch().sendHeaders(requestHeaders).send("request")
        .halfClose().recvHeaders().recvMessage().recvTrailers().perform();
    StreamRecorder<String> s = accept();
    RecordingBatch<String> sFirst = s.batch().recvHeaders().recvMessage().recvTrailers()
        .perform();
    Metadata serverGot = sFirst.awaitHeaders();
    assertThat(sFirst.awaitMessage()).isEqualTo("request");
    assertThat(s.recvMessage().awaitMessage()).isNull();
    s.batch().sendHeaders(responseHeaders).send("response")
        .sendTrailers(responseTrailers, status).perform();
    Metadata clientGot = call.awaitHeaders();
    assertThat(call.awaitMessage()).isEqualTo("response");
    assertThat(c.recvMessage().awaitMessage()).isNull();
    Trailers t = call.awaitTrailers();
    assertCode(sFirst.awaitTrailers().status(), Status.Code.OK);
    return new Exchange(serverGot, clientGot, t);
  }

  @Test
  void metadata_asciiBinaryEmptyRepeated_roundTripsInEveryPosition() {
    Exchange e = exchange(TestMetadata.rich("client"), TestMetadata.rich("server"),
        TestMetadata.rich("trailers"), Status.OK);
    assertThat(TestMetadata.view(e.serverGotHeaders()))
        .isEqualTo(TestMetadata.view(TestMetadata.rich("client")));
    assertThat(TestMetadata.view(e.clientGotHeaders()))
        .isEqualTo(TestMetadata.view(TestMetadata.rich("server")));
    assertThat(TestMetadata.view(e.clientGotTrailers().metadata()))
        .isEqualTo(TestMetadata.view(TestMetadata.rich("trailers")));
  }

  @Test
  void metadata_repeatedKey_keepsTheOrderOfItsValues() {
    Exchange e = exchange(TestMetadata.rich("client"), new Metadata(), new Metadata(), Status.OK);
    assertThat(TestMetadata.valueOrder(e.serverGotHeaders(), "kit-repeated"))
        .containsExactly("first", "second", "third");
    assertThat(TestMetadata.valueOrder(e.serverGotHeaders(), "kit-repeated-bin"))
        .containsExactly("6f6e65", "00ff7f");
  }

  @Test
  void metadata_hundredEntries_allArrive() {
    Exchange e = exchange(TestMetadata.many(100), TestMetadata.many(100), TestMetadata.many(100),
        Status.OK);
    assertThat(TestMetadata.view(e.serverGotHeaders())).hasSize(100)
        .isEqualTo(TestMetadata.view(TestMetadata.many(100)));
    assertThat(TestMetadata.view(e.clientGotHeaders())).hasSize(100);
    assertThat(TestMetadata.view(e.clientGotTrailers().metadata())).hasSize(100);
  }

  @Test
  void metadata_justUnderSizeLimit_arrives() {
    int limit = kit.maxHeaderListSize();
    Assumptions.assumeTrue(limit > 0, "transport has no header size limit");
    Metadata md = new Metadata().add(TestMetadata.PREFIX + "big", "x".repeat(limit / 2));
    Exchange e = exchange(md, new Metadata(), new Metadata(), Status.OK);
    assertThat(e.serverGotHeaders().get(TestMetadata.PREFIX + "big")).hasSize(limit / 2);
  }

  @Test
  void metadata_overSizeLimit_callFailsAndConnectionStillWorks() {
    int limit = kit.maxHeaderListSize();
    Assumptions.assumeTrue(limit > 0, "transport has no header size limit");
    StreamRecorder<String> c = newCall();
    Metadata huge = new Metadata().add(TestMetadata.PREFIX + "huge", "x".repeat(limit + 1));
    RecordingBatch<String> call = c.batch().sendHeaders(huge).halfClose().recvMessage()
        .recvTrailers().perform();
    assertThat(call.awaitTrailers().status().isOk()).as("call with oversized headers").isFalse();
    assertThat(call.awaitMessage()).isNull();
    c.destroy();
    while (h().acceptedNotTaken() > 0) {
      accept().destroy();
    }
    assertUnaryWorks(h().client());
  }

  @ParameterizedTest
  @EnumSource(Status.Code.class)
  void status_everyCodeWithUnicodeDescriptionAndDetails_reachesClientIntact(Status.Code code) {
    String description = "Grüße, 世界 — status " + code + " ✓\nline two";
    byte[] details = ("details of " + code).getBytes(StandardCharsets.UTF_8);
    details[0] = (byte) 0xff;
    Status sent = code.toStatus().withDescription(description).withDetails(details);
    Exchange e = exchange(new Metadata(), new Metadata(), TestMetadata.simple("trailers"), sent);
    Status got = e.clientGotTrailers().status();
    assertCode(got, code);
    assertThat(got.description()).isEqualTo(description);
    assertThat(got.details()).isEqualTo(details);
    assertThat(TestMetadata.view(e.clientGotTrailers().metadata()))
        .containsExactly("kit-from=trailers");
  }
}
