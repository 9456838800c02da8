package dev.sluice.stub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where async callbacks run: on the executor given to {@code Channel.Builder.callbackExecutor}
 * and {@code Server.Builder.callbackExecutor}, and on the transport's threads without one.
 */
class CallbackExecutorTest {

  private static final MethodDescriptor<String, String> COUNT =
      Strings.method("Count", MethodType.SERVER_STREAMING);
  private static final MethodDescriptor<String, String> JOIN =
      Strings.method("Join", MethodType.CLIENT_STREAMING);
  private static final MethodDescriptor<String, String> UNARY =
      Strings.method("Unary", MethodType.UNARY);

  private final ExecutorService clientCallbacks = named("client-callbacks");
  private final ExecutorService serverCallbacks = named("server-callbacks");
  private final CountDownLatch releaseUnary = new CountDownLatch(1);
  /** The names of the threads the server's request observer ran on. */
  private final Set<String> serverThreads = ConcurrentHashMap.newKeySet();
  private Server server;
  private Channel channel;

  private static ExecutorService named(String name) {
    return Executors.newSingleThreadExecutor(r -> new Thread(r, name));
  }

  private void start(boolean withExecutors) throws Exception {
    String name = "callbacks-" + UUID.randomUUID();
    Server.Builder sb = Server.builder().listener(new InProcessServerListener(name))
        .addMethod(COUNT, ServerCalls.<String, String>asyncServerStreaming((req, out) -> {
          for (int i = 0; i < 3; i++) {
            out.onNext(req + i);
          }
          out.onCompleted();
        }))
        .addMethod(JOIN, ServerCalls.<String, String>asyncClientStreaming(out -> {
          StringBuilder joined = new StringBuilder();
          return new StreamObserver<String>() {
            @Override
            public void onNext(String value) {
              serverThreads.add(Thread.currentThread().getName());
              joined.append(value);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {
              serverThreads.add(Thread.currentThread().getName());
              out.onNext(joined.toString());
              out.onCompleted();
            }
          };
        }))
        .addMethod(UNARY, ServerCalls.<String, String>unary((req, ctx) -> {
          releaseUnary.await(20, TimeUnit.SECONDS); // until the client has its stage in place
          return req;
        }));
    Channel.Builder cb = Channel.builder(new InProcessConnector(name));
    if (withExecutors) {
      sb.callbackExecutor(serverCallbacks);
      cb.callbackExecutor(clientCallbacks);
    }
    server = sb.build().start();
    channel = cb.build();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.close();
    }
    if (server != null) {
      server.close();
    }
    clientCallbacks.shutdownNow();
    serverCallbacks.shutdownNow();
  }

  /** Records the thread of every callback of a server-streaming call; done when it ends. */
  private CompletableFuture<List<String>> countThreads() {
    List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    ClientCalls.asyncServerStreaming(channel, COUNT, CallOptions.DEFAULT, new Metadata(), "n",
        new StreamObserver<String>() {
          @Override
          public void onNext(String value) {
            threads.add(Thread.currentThread().getName());
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            threads.add(Thread.currentThread().getName());
            done.complete(threads);
          }
        });
    return done;
  }

  /** Streams three requests to JOIN and returns the reply. */
  private String join() throws Exception {
    CompletableFuture<String> reply = new CompletableFuture<>();
    StreamObserver<String> requests = ClientCalls.asyncStreaming(channel, JOIN,
        CallOptions.DEFAULT, new Metadata(), new StreamObserver<String>() {
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
    requests.onNext("a");
    requests.onNext("b");
    requests.onNext("c");
    requests.onCompleted();
    return reply.get(20, TimeUnit.SECONDS);
  }

  @Test
  void channelCallbackExecutor_responseObserverRunsThere() throws Exception {
    start(true);
    List<String> threads = countThreads().get(20, TimeUnit.SECONDS);
    assertThat(threads).hasSize(4).containsOnly("client-callbacks");
  }

  @Test
  void channelCallbackExecutor_unaryFutureCompletesThere() throws Exception {
    start(true);
    CompletableFuture<String> reply =
        ClientCalls.futureUnary(channel, UNARY, CallOptions.DEFAULT, "hi");
    CompletableFuture<String> thread = reply.thenApply(r -> Thread.currentThread().getName());
    releaseUnary.countDown();
    assertThat(thread.get(20, TimeUnit.SECONDS)).isEqualTo("client-callbacks");
    assertThat(reply.get()).isEqualTo("hi");
  }

  @Test
  void serverCallbackExecutor_requestObserverRunsThere() throws Exception {
    start(true);
    assertThat(join()).isEqualTo("abc");
    assertThat(serverThreads).containsOnly("server-callbacks");
  }

  @Test
  void noExecutors_callbacksRunOnTransportThreads() throws Exception {
    start(false);
    List<String> threads = countThreads().get(20, TimeUnit.SECONDS);
    assertThat(join()).isEqualTo("abc");
    // The in-process transport's threads are sluice-inproc-N.
    assertThat(threads).hasSize(4).allMatch(t -> t.startsWith("sluice-inproc-"));
    assertThat(serverThreads).isNotEmpty().allMatch(t -> t.startsWith("sluice-inproc-"));
  }
}
