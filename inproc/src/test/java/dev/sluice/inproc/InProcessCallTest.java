package dev.sluice.inproc;

import static dev.sluice.inproc.Fixture.text;
import static dev.sluice.inproc.Fixture.textOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessCallTest {

  @Test
  void unaryCall_wholeCallInOneBatchEachSide_deliversEverything() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.client.initStream(new CallHead("/pkg.Svc/Echo", "host", null));
      Probe client = new Probe();
      f.client.performStreamOp(c, client.allRecvs()
          .sendInitialMetadata(new Metadata().add("k", "v"))
          .sendMessage(text("ping"), 0)
          .sendHalfClose());

      Fixture.Accepted a = f.accept();
      assertThat(a.head().path()).isEqualTo("/pkg.Svc/Echo");
      assertThat(a.head().authority()).isEqualTo("host");
      Transport server = f.server();
      Probe serverIn = new Probe();
      server.performStreamOp(a.stream(), serverIn.allRecvs());
      assertThat(serverIn.awaitHeaders().get("k")).isEqualTo("v");
      assertThat(textOf(serverIn.awaitMessage())).isEqualTo("ping");

      Probe serverOut = new Probe();
      server.performStreamOp(a.stream(), serverOut.sends()
          .sendInitialMetadata(new Metadata().add("h", "1"))
          .sendMessage(text("pong"), 0)
          .sendTrailingMetadata(new Metadata().add("t", "2"), Status.OK));

      assertThat(serverOut.awaitComplete()).isEqualTo(Status.OK);
      assertThat(client.awaitComplete()).isEqualTo(Status.OK);
      assertThat(client.awaitHeaders().get("h")).isEqualTo("1");
      assertThat(textOf(client.awaitMessage())).isEqualTo("pong");
      // The client's recvMessage took the only message; its trailers need the stream drained.
      Probe end = new Probe();
      f.client.performStreamOp(c, end.recvMessage());
      assertThat(end.awaitMessage()).isNull();
      Probe.Trailers t = client.awaitTrailers();
      assertThat(t.status()).isEqualTo(Status.OK);
      assertThat(t.metadata().get("t")).isEqualTo("2");
      assertThat(serverIn.awaitTrailers().status()).isEqualTo(Status.OK);
      client.assertNoCallbackRanTwice();
      serverIn.assertNoCallbackRanTwice();
    }
  }

  @Test
  void callbacks_batchOnRefusedStream_neverRunInsidePerformStreamOp() throws Exception {
    Transport t = new InProcessConnector("inproc-test-nobody-" + System.nanoTime()).connect();
    TransportStream s = t.initStream(new CallHead("/a/b", null, null));
    Probe p = new Probe();
    t.performStreamOp(s, p.allRecvs().sendInitialMetadata(new Metadata()));
    p.awaitTrailers();
    p.awaitComplete();
    assertThat(p.threads()).doesNotContain(Thread.currentThread());
  }

  @Test
  void recvInitialMetadata_trailersOnlyResponse_getsNullAndStatusInTrailers() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Probe client = new Probe();
      f.client.performStreamOp(c, client.allRecvs().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      Status notFound = Status.NOT_FOUND.withDescription("no such thing");
      f.server().performStreamOp(a.stream(),
          new StreamOpBatch().sendTrailingMetadata(new Metadata().add("x", "y"), notFound));

      assertThat(client.awaitHeaders()).isNull();
      assertThat(client.awaitMessage()).isNull();
      Probe.Trailers t = client.awaitTrailers();
      assertThat(t.status()).isEqualTo(notFound);
      assertThat(t.metadata().get("x")).isEqualTo("y");
      assertThat(client.events()).containsExactly("complete", "headers", "message", "trailers");
    }
  }

  @Test
  void serverSendsTrailersFirst_clientStillSending_clientSendsSucceedAndServerRecvGetsNull()
      throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      f.client.performStreamOp(c, new StreamOpBatch().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      Transport server = f.server();
      Probe serverRecv = new Probe();
      server.performStreamOp(a.stream(), serverRecv.recvHeaders());
      serverRecv.awaitHeaders();
      Probe pendingRecv = new Probe();
      server.performStreamOp(a.stream(), pendingRecv.recvMessage());
      server.performStreamOp(a.stream(),
          new StreamOpBatch().sendTrailingMetadata(new Metadata(), Status.OK));
      assertThat(pendingRecv.awaitMessage()).isNull();

      Probe late = new Probe();
      f.client.performStreamOp(c, late.sends().sendMessage(text("unheard"), 0).sendHalfClose());
      assertThat(late.awaitComplete()).isEqualTo(Status.OK);
      Probe clientEnd = new Probe();
      f.client.performStreamOp(c, clientEnd.recvTrailers());
      assertThat(clientEnd.awaitTrailers().status()).isEqualTo(Status.OK);
    }
  }

  @Test
  void serverRecvTrailingMetadata_clientHalfClosed_waitsForServerTrailers() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      f.client.performStreamOp(c,
          new StreamOpBatch().sendInitialMetadata(new Metadata()).sendHalfClose());
      Fixture.Accepted a = f.accept();
      Transport server = f.server();
      Probe closed = new Probe();
      server.performStreamOp(a.stream(), closed.recvTrailers());
      Fixture.flush(server);
      assertThat(closed.trailers).isNotDone();

      server.performStreamOp(a.stream(),
          new StreamOpBatch().sendTrailingMetadata(new Metadata(), Status.OK));
      assertThat(closed.awaitTrailers().status()).isEqualTo(Status.OK);
    }
  }

  @Test
  void clientRecvTrailingMetadata_messagesUnread_waitsUntilConsumed() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      f.client.performStreamOp(c, new StreamOpBatch().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      f.server().performStreamOp(a.stream(), new StreamOpBatch()
          .sendInitialMetadata(new Metadata())
          .sendMessage(text("last words"), 0)
          .sendTrailingMetadata(new Metadata(), Status.OK));
      Probe trailers = new Probe();
      f.client.performStreamOp(c, trailers.recvTrailers());
      Fixture.flush(f.client);
      assertThat(trailers.trailers).isNotDone();

      Probe read = new Probe();
      f.client.performStreamOp(c, read.recvMessage());
      assertThat(textOf(read.awaitMessage())).isEqualTo("last words");
      assertThat(trailers.awaitTrailers().status()).isEqualTo(Status.OK);
    }
  }

  @Test
  void sendMessage_immutableMarshaller_passesSameObject() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Message sent = Message.ofValue("shared", Fixture.IMMUTABLE);
      f.client.performStreamOp(c,
          new StreamOpBatch().sendInitialMetadata(new Metadata()).sendMessage(sent, 0));
      Fixture.Accepted a = f.accept();
      Probe p = new Probe();
      f.server().performStreamOp(a.stream(), p.recvMessage());
      assertThat(p.awaitMessage()).isSameAs(sent);
    }
  }

  @Test
  void sendMessage_mutableMarshaller_receiverGetsOwnBytesCopy() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Message sent = text("copied");
      f.client.performStreamOp(c,
          new StreamOpBatch().sendInitialMetadata(new Metadata()).sendMessage(sent, 0));
      Fixture.Accepted a = f.accept();
      Probe p = new Probe();
      f.server().performStreamOp(a.stream(), p.recvMessage());
      Message got = p.awaitMessage();
      assertThat(got).isNotSameAs(sent);
      assertThat(got.hasValue()).isFalse();
      assertThat(textOf(got)).isEqualTo("copied");
    }
  }

  @Test
  void sendMessage_bodyMessage_releasesSendersBodyOnce() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      AtomicInteger releases = new AtomicInteger();
      byte[] bytes = "body".getBytes(StandardCharsets.UTF_8);
      Message sent = Message.ofBody(new Message.Body() {
        @Override
        public int length() {
          return bytes.length;
        }

        @Override
        public InputStream openStream() {
          return new ByteArrayInputStream(bytes);
        }

        @Override
        public void release() {
          releases.incrementAndGet();
        }
      });
      Probe send = new Probe();
      f.client.performStreamOp(c,
          send.sends().sendInitialMetadata(new Metadata()).sendMessage(sent, 0));
      send.awaitComplete();
      assertThat(releases.get()).isEqualTo(1);
    }
  }

  @Test
  void metadata_sent_receiverGetsCopyUnaffectedByLaterChanges() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Metadata md = new Metadata().add("a", "1");
      Probe send = new Probe();
      f.client.performStreamOp(c, send.sends().sendInitialMetadata(md));
      send.awaitComplete();
      md.add("b", "2");
      Fixture.Accepted a = f.accept();
      Probe p = new Probe();
      f.server().performStreamOp(a.stream(), p.recvHeaders());
      Metadata got = p.awaitHeaders();
      assertThat(got).isNotSameAs(md);
      assertThat(got.containsKey("b")).isFalse();
    }
  }

  @Test
  void onComplete_batchWithOnlyRecvOps_mayBeNullAndRecvsStillComplete() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Probe p = new Probe();
      f.client.performStreamOp(c, p.recvHeaders().onComplete(null));
      f.client.performStreamOp(c, new StreamOpBatch().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      f.server().performStreamOp(a.stream(),
          new StreamOpBatch().sendInitialMetadata(new Metadata().add("r", "s")));
      assertThat(p.awaitHeaders().get("r")).isEqualTo("s");
    }
  }

  @Test
  void onComplete_recvOpPendingInSameBatch_doesNotWaitForIt() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Probe p = new Probe();
      f.client.performStreamOp(c, p.recvMessage().sendInitialMetadata(new Metadata())
          .onComplete(p::onComplete));
      assertThat(p.awaitComplete()).isEqualTo(Status.OK);
      assertThat(p.message).isNotDone();
    }
  }

  @Test
  void stats_afterCall_countMessagesAndBytesBothWays() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      f.client.performStreamOp(c, new StreamOpBatch().sendInitialMetadata(new Metadata())
          .sendMessage(text("12345"), 0).sendHalfClose());
      Fixture.Accepted a = f.accept();
      Transport server = f.server();
      Probe in = new Probe();
      server.performStreamOp(a.stream(), in.recvMessage());
      in.awaitMessage();
      server.performStreamOp(a.stream(), new StreamOpBatch().sendInitialMetadata(new Metadata())
          .sendMessage(text("abc"), 0).sendTrailingMetadata(new Metadata(), Status.OK));
      Probe m = new Probe();
      f.client.performStreamOp(c, m.recvMessage());
      m.awaitMessage();
      Probe end = new Probe();
      f.client.performStreamOp(c, end.allRecvs());
      end.awaitTrailers();

      assertThat(c.stats().messagesSent()).isEqualTo(1);
      assertThat(c.stats().dataBytesSent()).isEqualTo(5);
      assertThat(c.stats().messagesReceived()).isEqualTo(1);
      assertThat(c.stats().dataBytesReceived()).isEqualTo(3);
      assertThat(c.stats().firstByteReceivedNanos()).isNotZero();
      assertThat(a.stream().stats().messagesReceived()).isEqualTo(1);
      assertThat(a.stream().stats().dataBytesReceived()).isEqualTo(5);
      assertThat(a.stream().stats().firstByteSentNanos()).isNotZero();
    }
  }

  @Test
  void deadline_inCallHead_reachesServerUnchanged() throws Exception {
    try (Fixture f = new Fixture()) {
      dev.sluice.Deadline d = dev.sluice.Deadline.after(1, TimeUnit.HOURS);
      f.client.initStream(new CallHead("/a/b", null, d));
      assertThat(f.accept().head().deadline()).isSameAs(d);
    }
  }
}
