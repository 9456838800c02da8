package dev.sluice.inproc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records one batch's callbacks: each completes a future and counts its runs, so a test can wait
 * for it and check it ran exactly once. Also notes the threads callbacks ran on.
 */
final class Probe {

  record Trailers(Metadata metadata, Status status) {}

  final CompletableFuture<Status> complete = new CompletableFuture<>();
  final CompletableFuture<Metadata> headers = new CompletableFuture<>();
  final CompletableFuture<Message> message = new CompletableFuture<>();
  final CompletableFuture<Trailers> trailers = new CompletableFuture<>();
  private final AtomicInteger completeRuns = new AtomicInteger();
  private final AtomicInteger headersRuns = new AtomicInteger();
  private final AtomicInteger messageRuns = new AtomicInteger();
  private final AtomicInteger trailersRuns = new AtomicInteger();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  void onComplete(Status status) {
    completeRuns.incrementAndGet();
    events.add("complete");
    threads.add(Thread.currentThread());
    complete.complete(status);
  }

  void onHeaders(Metadata md) {
    headersRuns.incrementAndGet();
    events.add("headers");
    threads.add(Thread.currentThread());
    headers.complete(md);
  }

  void onMessage(Message m) {
    messageRuns.incrementAndGet();
    events.add("message");
    threads.add(Thread.currentThread());
    message.complete(m);
  }

  void onTrailers(Metadata md, Status status) {
    trailersRuns.incrementAndGet();
    events.add("trailers");
    threads.add(Thread.currentThread());
    trailers.complete(new Trailers(md, status));
  }

  /** A batch with every recv op and onComplete wired to this probe. */
  StreamOpBatch allRecvs() {
    return new StreamOpBatch().recvInitialMetadata(this::onHeaders).recvMessage(this::onMessage)
        .recvTrailingMetadata(this::onTrailers).onComplete(this::onComplete);
  }

  StreamOpBatch recvMessage() {
    return new StreamOpBatch().recvMessage(this::onMessage);
  }

  StreamOpBatch recvTrailers() {
    return new StreamOpBatch().recvTrailingMetadata(this::onTrailers);
  }

  StreamOpBatch recvHeaders() {
    return new StreamOpBatch().recvInitialMetadata(this::onHeaders);
  }

  /** A batch whose onComplete is wired to this probe (add send ops to it). */
  StreamOpBatch sends() {
    return new StreamOpBatch().onComplete(this::onComplete);
  }

  Status awaitComplete() throws Exception {
    return complete.get(5, TimeUnit.SECONDS);
  }

  Metadata awaitHeaders() throws Exception {
    return headers.get(5, TimeUnit.SECONDS);
  }

  Message awaitMessage() throws Exception {
    return message.get(5, TimeUnit.SECONDS);
  }

  Trailers awaitTrailers() throws Exception {
    return trailers.get(5, TimeUnit.SECONDS);
  }

  List<Thread> threads() {
    return threads;
  }

  List<String> events() {
    return events;
  }

  void assertNoCallbackRanTwice() {
    assertThat(completeRuns.get()).as("onComplete runs").isLessThanOrEqualTo(1);
    assertThat(headersRuns.get()).as("recvInitialMetadata runs").isLessThanOrEqualTo(1);
    assertThat(messageRuns.get()).as("recvMessage runs").isLessThanOrEqualTo(1);
    assertThat(trailersRuns.get()).as("recvTrailingMetadata runs").isLessThanOrEqualTo(1);
  }
}
