package dev.sluice.stub;

import static dev.sluice.stub.Harness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.CallOptions;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Server-side flow control for async handlers: with auto-request off, requests reach the handler
 * only as it asks, and a client that streams faster is held back by the transport instead of
 * piling messages up in the server.
 */
class ServerFlowControlTest {

  private static final MethodDescriptor<String, String> SINK =
      Strings.method("Sink", MethodType.CLIENT_STREAMING);
  private static final int MESSAGES = 100_000;

  @Test
  void handlerRequestsOneAtATime_clientStreams100000_inFlightStaysBounded() throws Exception {
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger received = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicReference<ServerCallStreamObserver<String>> serverSide = new AtomicReference<>();
    CompletableFuture<Void> firstHeld = new CompletableFuture<>();
    try (Harness h = Harness.start(SINK, ServerCalls.<String, String>asyncClientStreaming(
        responses -> {
          serverSide.set(responses);
          responses.disableAutoRequest();
          responses.request(1);
          return new StreamObserver<>() {
            @Override
            public void onNext(String value) {
              int n = received.incrementAndGet();
              maxInFlight.accumulateAndGet(sent.get() - n, Math::max);
              if (n == 1) {
                firstHeld.complete(null); // the test asks for the next one later
              } else {
                responses.request(1);
              }
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {
              responses.onNext("got " + received.get());
              responses.onCompleted();
            }
          };
        }))) {
      CompletableFuture<String> reply = new CompletableFuture<>();
      AtomicReference<ClientCallStreamObserver<String>> requests = new AtomicReference<>();
      AtomicBoolean halfClosed = new AtomicBoolean();
      Runnable produce = () -> {
        ClientCallStreamObserver<String> r = requests.get();
        synchronized (requests) {
          while (r.isReady() && sent.get() < MESSAGES) {
            r.onNext("m" + sent.incrementAndGet());
          }
          if (sent.get() == MESSAGES && halfClosed.compareAndSet(false, true)) {
            r.onCompleted();
          }
        }
      };
      ClientCalls.asyncStreaming(h.channel, SINK, CallOptions.DEFAULT, new Metadata(),
          new ClientResponseObserver<String, String>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<String> r) {
              requests.set(r);
              r.setOnReadyHandler(produce);
            }

            @Override
            public void onNext(String value) {
              reply.complete(value);
            }

            @Override
            public void onError(Throwable t) {
              reply.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
          });
      produce.run();

      firstHeld.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      // The handler holds the first message and asks for nothing: the client must stall.
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (requests.get().isReady() && System.nanoTime() < deadline) {
        Thread.sleep(1); // polling a state with no callback for it; not a timing assumption
      }
      assertThat(requests.get().isReady()).as("client held back").isFalse();
      int stalledAt = sent.get();
      assertThat(stalledAt).as("messages the client got out while the handler asked for one")
          .isLessThan(100);
      serverSide.get().request(1);

      assertThat(reply.get(60, TimeUnit.SECONDS)).isEqualTo("got " + MESSAGES);
      assertThat(maxInFlight.get()).as("messages sent but not yet handled, at most")
          .isLessThan(100);
    }
  }

  @Test
  void disableAutoRequest_afterTheHandlerReturned_throws() throws Exception {
    CompletableFuture<ServerCallStreamObserver<String>> serverSide = new CompletableFuture<>();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    try (Harness h = Harness.start(SINK, ServerCalls.<String, String>asyncClientStreaming(
        responses -> {
          serverSide.complete(responses);
          return new StreamObserver<>() {
            @Override
            public void onNext(String value) {
              try {
                responses.disableAutoRequest();
              } catch (IllegalStateException e) {
                thrown.complete(e);
              }
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {
              responses.onNext("done");
              responses.onCompleted();
            }
          };
        }))) {
      ClientCallStreamObserver<String> r = ClientCalls.asyncStreaming(h.channel, SINK,
          CallOptions.DEFAULT, new Metadata(), new StreamObserver<String>() {
            @Override
            public void onNext(String value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          });
      r.onNext("x");
      r.onCompleted();
      assertThat(thrown.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .hasMessageContaining("before it returns its request observer");
      assertThatThrownBy(() -> serverSide.get().request(0))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
