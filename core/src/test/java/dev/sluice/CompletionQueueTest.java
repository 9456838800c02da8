package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompletionQueueTest {

  @Test
  void next_nothingPending_timesOut() throws Exception {
    CompletionQueue q = new CompletionQueue();
    assertThat(q.next(Duration.ofMillis(1)).type()).isEqualTo(Event.Type.QUEUE_TIMEOUT);
  }

  @Test
  void next_returnsPostedEventWithTag() throws Exception {
    CompletionQueue q = new CompletionQueue();
    q.beginBatch();
    q.post("t", true);
    Event e = q.next(Duration.ofSeconds(5));
    assertThat(e).isEqualTo(new Event(Event.Type.OP_COMPLETE, "t", true));
  }

  @Test
  void shutdown_drainsPendingThenReportsShutdown() throws Exception {
    CompletionQueue q = new CompletionQueue();
    q.beginBatch();
    q.shutdown();
    assertThatThrownBy(q::beginBatch).isInstanceOf(IllegalStateException.class);
    Thread poster = new Thread(() -> q.post("late", false));
    poster.start();
    Event e = q.next(Duration.ofSeconds(10));
    assertThat(e.tag()).isEqualTo("late");
    assertThat(q.next(Duration.ofSeconds(10)).type()).isEqualTo(Event.Type.QUEUE_SHUTDOWN);
    poster.join();
  }
}
