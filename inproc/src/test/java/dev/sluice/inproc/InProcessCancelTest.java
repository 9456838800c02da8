package dev.sluice.inproc;

import static dev.sluice.inproc.Fixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InProcessCancelTest {

  @Test
  void cancel_byClient_clientSeesItsStatusAndServerSeesCancelled() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Probe client = new Probe();
      f.client.performStreamOp(c, client.allRecvs().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      Probe server = new Probe();
      f.server().performStreamOp(a.stream(), new StreamOpBatch().recvMessage(server::onMessage)
          .recvTrailingMetadata(server::onTrailers));
      Fixture.flush(f.client);

      Status deadline = Status.DEADLINE_EXCEEDED.withDescription("too slow");
      Probe cancel = new Probe();
      f.client.performStreamOp(c, StreamOpBatch.cancel(deadline, cancel::onComplete));

      assertThat(cancel.awaitComplete()).isEqualTo(Status.OK);
      assertThat(client.awaitHeaders()).isNull();
      assertThat(client.awaitMessage()).isNull();
      assertThat(client.awaitTrailers().status()).isEqualTo(deadline);
      assertThat(server.awaitMessage()).isNull();
      Status seen = server.awaitTrailers().status();
      assertThat(seen.code()).isEqualTo(Status.Code.CANCELLED);
      assertThat(seen.description()).contains("client");
      client.assertNoCallbackRanTwice();
      server.assertNoCallbackRanTwice();
    }
  }

  @Test
  void cancel_byServer_clientSeesServerStatus() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Probe client = new Probe();
      f.client.performStreamOp(c, client.allRecvs().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      Status denied = Status.PERMISSION_DENIED.withDescription("no");
      f.server().performStreamOp(a.stream(), StreamOpBatch.cancel(denied, null));
      assertThat(client.awaitTrailers().status()).isEqualTo(denied);
      assertThat(client.awaitComplete()).isEqualTo(Status.OK);
    }
  }

  @Test
  void cancel_fromInsideRecvCallback_everyPendingOpOnBothSidesCompletesOnce() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Probe client = new Probe();
      f.client.performStreamOp(c, client.allRecvs().sendInitialMetadata(new Metadata())
          .sendMessage(text("trigger"), 0));
      Fixture.Accepted a = f.accept();
      Transport server = f.server();
      Status aborted = Status.ABORTED.withDescription("cancelled in callback");
      Probe serverTrailers = new Probe();
      CompletableFuture<Status> cancelDone = new CompletableFuture<>();
      server.performStreamOp(a.stream(), serverTrailers.recvTrailers());
      server.performStreamOp(a.stream(), new StreamOpBatch().recvMessage(m -> {
        m.release();
        server.performStreamOp(a.stream(), StreamOpBatch.cancel(aborted, cancelDone::complete));
      }));

      assertThat(cancelDone.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Status.OK);
      assertThat(serverTrailers.awaitTrailers().status()).isEqualTo(aborted);
      assertThat(client.awaitHeaders()).isNull();
      assertThat(client.awaitMessage()).isNull();
      assertThat(client.awaitTrailers().status()).isEqualTo(aborted);
      assertThat(client.awaitComplete()).isEqualTo(Status.OK);
      Fixture.flush(f.client);
      client.assertNoCallbackRanTwice();
      serverTrailers.assertNoCallbackRanTwice();
    }
  }

  @Test
  void cancel_twice_firstStatusWins() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Probe client = new Probe();
      f.client.performStreamOp(c, client.recvTrailers());
      f.client.performStreamOp(c, StreamOpBatch.cancel(Status.ABORTED, null));
      f.client.performStreamOp(c, StreamOpBatch.cancel(Status.INTERNAL, null));
      assertThat(client.awaitTrailers().status()).isEqualTo(Status.ABORTED);
    }
  }

  @Test
  void opsAfterCancel_completeAtOnceWithCancelStatus() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Status aborted = Status.ABORTED.withDescription("gone");
      f.client.performStreamOp(c, StreamOpBatch.cancel(aborted, null));
      Probe late = new Probe();
      f.client.performStreamOp(c, late.allRecvs().sendInitialMetadata(new Metadata())
          .sendMessage(text("late"), 0));
      assertThat(late.awaitComplete()).isEqualTo(aborted);
      assertThat(late.awaitHeaders()).isNull();
      assertThat(late.awaitMessage()).isNull();
      assertThat(late.awaitTrailers().status()).isEqualTo(aborted);
    }
  }

  @Test
  void destroyStream_unfinished_cancelsPendingOpsAndRunsNothingAfter() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Probe client = new Probe();
      f.client.performStreamOp(c, client.allRecvs().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      Probe server = new Probe();
      f.server().performStreamOp(a.stream(), server.recvTrailers());
      f.client.destroyStream(c);

      assertThat(client.awaitTrailers().status().code()).isEqualTo(Status.Code.CANCELLED);
      assertThat(server.awaitTrailers().status().code()).isEqualTo(Status.Code.CANCELLED);
      Probe after = new Probe();
      f.client.performStreamOp(c, after.allRecvs());
      Fixture.flush(f.client);
      assertThat(after.events()).isEmpty();
    }
  }
}
