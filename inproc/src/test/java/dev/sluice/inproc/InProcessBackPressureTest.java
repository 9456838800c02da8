package dev.sluice.inproc;

import static dev.sluice.inproc.Fixture.text;
import static dev.sluice.inproc.Fixture.textOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.TransportStream;
import org.junit.jupiter.api.Test;

/**
 * A receiver that does not read holds sends back. "Still pending" is checked after a ping on the
 * same connection has been answered: the ping's answer is queued behind the send's processing.
 */
class InProcessBackPressureTest {

  @Test
  void sendMessage_receiverNeverReads_sendBeyondMessageBudgetStaysPending() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      f.client.performStreamOp(c, new StreamOpBatch().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      for (int i = 0; i < MessagePipe.MAX_QUEUED_MESSAGES; i++) {
        Probe p = new Probe();
        f.client.performStreamOp(c, p.sends().sendMessage(text("m" + i), 0));
        assertThat(p.awaitComplete()).isEqualTo(Status.OK);
      }
      Probe over = new Probe();
      f.client.performStreamOp(c, over.sends().sendMessage(text("over"), 0));
      Fixture.flush(f.client);
      assertThat(over.complete).isNotDone();
      assertThat(c.stats().flowControlStalls()).isEqualTo(1);

      Probe read = new Probe();
      f.server().performStreamOp(a.stream(), read.recvMessage());
      assertThat(textOf(read.awaitMessage())).isEqualTo("m0");
      assertThat(over.awaitComplete()).isEqualTo(Status.OK);
    }
  }

  @Test
  void sendMessage_byteBudgetFull_nextSendWaitsUntilReceiverReads() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      f.client.performStreamOp(c, new StreamOpBatch().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      int size = 16 * 1024;
      for (int i = 0; i < MessagePipe.MAX_QUEUED_BYTES / size; i++) {
        Probe p = new Probe();
        f.client.performStreamOp(c, p.sends().sendMessage(Message.ofBytes(new byte[size]), 0));
        assertThat(p.awaitComplete()).isEqualTo(Status.OK);
      }
      Probe over = new Probe();
      f.client.performStreamOp(c, over.sends().sendMessage(Message.ofBytes(new byte[size]), 0));
      Fixture.flush(f.client);
      assertThat(over.complete).isNotDone();

      Probe read = new Probe();
      f.server().performStreamOp(a.stream(), read.recvMessage());
      assertThat(read.awaitMessage().length()).isEqualTo(size);
      assertThat(over.awaitComplete()).isEqualTo(Status.OK);
    }
  }

  @Test
  void sendMessage_largerThanBudgetIntoEmptyQueue_completes() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Probe p = new Probe();
      f.client.performStreamOp(c, p.sends().sendInitialMetadata(new Metadata())
          .sendMessage(Message.ofBytes(new byte[1024 * 1024]), 0));
      assertThat(p.awaitComplete()).isEqualTo(Status.OK);
    }
  }

  @Test
  void sendMessage_blockedWhenPeerCancels_completesWithFailure() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      f.client.performStreamOp(c, new StreamOpBatch().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      Probe first = new Probe();
      f.client.performStreamOp(c, first.sends().sendMessage(Message.ofBytes(new byte[70_000]), 0));
      first.awaitComplete();
      Probe blocked = new Probe();
      f.client.performStreamOp(c, blocked.sends().sendMessage(Message.ofBytes(new byte[10]), 0));
      Fixture.flush(f.client);
      assertThat(blocked.complete).isNotDone();

      Status aborted = Status.ABORTED.withDescription("server gave up");
      f.server().performStreamOp(a.stream(), StreamOpBatch.cancel(aborted, null));
      assertThat(blocked.awaitComplete()).isEqualTo(aborted);
    }
  }

  @Test
  void sendMessage_blockedWhenServerEndsCall_completesOk() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      f.client.performStreamOp(c, new StreamOpBatch().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      Probe first = new Probe();
      f.client.performStreamOp(c, first.sends().sendMessage(Message.ofBytes(new byte[70_000]), 0));
      first.awaitComplete();
      Probe blocked = new Probe();
      f.client.performStreamOp(c, blocked.sends().sendMessage(Message.ofBytes(new byte[10]), 0));
      Fixture.flush(f.client);
      assertThat(blocked.complete).isNotDone();

      f.server().performStreamOp(a.stream(),
          new StreamOpBatch().sendTrailingMetadata(new Metadata(), Status.OK));
      assertThat(blocked.awaitComplete()).isEqualTo(Status.OK);
    }
  }
}
