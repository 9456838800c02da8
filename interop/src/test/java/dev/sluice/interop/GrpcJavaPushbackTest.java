package dev.sluice.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Metadata;
import dev.sluice.RetryPushback;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.h2.netty.NettyServerListener;
import io.grpc.testing.integration.EmptyProtos.Empty;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grpc-java 1.79.0's client, with a retry policy, against a Sluice server whose handler asks for
 * retry pushback with {@link RetryPushback}: the client (its own process, compiled here against
 * grpc-java's class path) retries at once after "0 ms", and not at all after "don't retry". Its
 * own backoff (30 s) is longer than its deadline (20 s), so only the pushback can make a retry
 * happen in time.
 */
class GrpcJavaPushbackTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path classes;

  @BeforeAll
  static void compileClient() throws Exception {
    Path src = classes.resolve("RetryingClient.java");
    try (InputStream in = GrpcJavaPushbackTest.class.getResourceAsStream(
        "/grpcjava/RetryingClient.java.txt")) {
      Files.write(src, in.readAllBytes());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-cp", PeerProcess.grpcJavaClassPath(), "-d",
        classes.toString(), src.toString());
    assertThat(rc).as("javac of the grpc-java client").isZero();
  }

  /** A Sluice server whose EmptyCall fails the first call with {@code trailers}, then answers. */
  private static final class PushingServer implements AutoCloseable {
    final List<String> previousAttempts = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final Server server;
    final int port;

    PushingServer(Metadata trailers) throws Exception {
      NettyServerListener l = NettyServerListener.forAddress(
          new InetSocketAddress("127.0.0.1", 0)).build();
      server = Server.builder().listener(l)
          .addMethod(TestServiceMethods.EMPTY_CALL, call -> serve(call, trailers))
          .build().start();
      port = ((InetSocketAddress) l.boundAddress()).getPort();
    }

    private void serve(Call call, Metadata trailers) throws Exception {
      CompletableFuture<Boolean> in = new CompletableFuture<>();
      call.startBatch(new Batch().recvMessage(), (b, ok) -> in.complete(ok));
      in.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      previousAttempts.add(String.valueOf(
          call.requestHeaders().get("grpc-previous-rpc-attempts")));
      Batch out = calls.getAndIncrement() == 0
          ? new Batch().sendStatusFromServer(Status.UNAVAILABLE.withDescription("busy"),
              trailers)
          : new Batch().sendInitialMetadata(new Metadata()).sendMessage(
              Empty.getDefaultInstance()).sendStatusFromServer(Status.OK, new Metadata());
      CompletableFuture<Boolean> sent = new CompletableFuture<>();
      call.startBatch(out, (b, ok) -> sent.complete(ok));
      sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      server.shutdownNow();
      server.awaitTermination(WAIT);
    }
  }

  private static String runClient(int port) throws Exception {
    PeerProcess client = PeerProcess.start(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + java.io.File.pathSeparator + PeerProcess.grpcJavaClassPath(),
        "RetryingClient", Integer.toString(port)));
    try {
      assertThat(client.awaitExit(WAIT)).as(() -> client.output()).isZero();
      return client.output().lines().filter(l -> l.startsWith("RESULT ")).findFirst()
          .orElseThrow(() -> new AssertionError("no result:\n" + client.output()));
    } finally {
      client.close();
    }
  }

  @Test
  void grpcJavaClient_pushbackZero_retriesAtOnce() throws Exception {
    try (PushingServer s = new PushingServer(RetryPushback.retryAfter(Duration.ZERO))) {
      assertThat(runClient(s.port)).isEqualTo("RESULT OK");
      assertThat(s.previousAttempts).containsExactly("null", "1");
    }
  }

  @Test
  void grpcJavaClient_pushbackNegative_doesNotRetry() throws Exception {
    try (PushingServer s = new PushingServer(RetryPushback.doNotRetry())) {
      assertThat(runClient(s.port)).isEqualTo("RESULT UNAVAILABLE");
      assertThat(s.previousAttempts).containsExactly("null");
    }
  }
}
