package dev.sluice.grpcjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * grpc-java's keepalive and connection-management options on the two builders reach Sluice's
 * HTTP/2 transport and listener: watched on the wire with a {@link RawH2Peer}, or through the
 * connections calls take (a new client port is a new connection).
 */
class ConnectionOptionsTest {

  private static final MethodDescriptor<String, String> ECHO = Utf8Methods.unary("test.Conn/Echo");
  private static final MethodDescriptor<String, String> HOLD = Utf8Methods.unary("test.Conn/Hold");

  private static final Metadata.Key<String> USER_AGENT =
      Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);

  private final List<SocketAddress> callers = new CopyOnWriteArrayList<>();
  private final List<String> userAgents = new CopyOnWriteArrayList<>();
  private final CompletableFuture<StreamObserver<String>> held = new CompletableFuture<>();
  private SluiceServer server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    if (server != null) {
      server.shutdownNow();
      assertThat(server.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Echo answers at once; Hold answers when the test completes {@link #held}'s observer. */
  private SluiceServerBuilder serverBuilder() {
    ServerInterceptor recorder = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        callers.add(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        userAgents.add(headers.get(USER_AGENT));
        return next.startCall(call, headers);
      }
    };
    return SluiceServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerServiceDefinition.builder("test.Conn")
            .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, out) -> {
              out.onNext(req);
              out.onCompleted();
            }))
            .addMethod(HOLD, ServerCalls.asyncUnaryCall((req, out) -> held.complete(out)))
            .build())
        .intercept(recorder);
  }

  private String echo() {
    return ClientCalls.blockingUnaryCall(channel, ECHO,
        CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), "hi");
  }

  /** Waits until the channel leaves READY (its connection got a GOAWAY or closed). */
  private void awaitNotReady() throws InterruptedException {
    CountDownLatch left = new CountDownLatch(1);
    channel.notifyWhenStateChanged(ConnectivityState.READY, left::countDown);
    assertThat(left.await(30, TimeUnit.SECONDS)).as("channel left READY").isTrue();
  }

  private static String goAwayDebug(RawH2Peer.Frame f) {
    return new String(Arrays.copyOfRange(f.payload(), 8, f.payload().length),
        StandardCharsets.US_ASCII);
  }

  @Test
  void userAgent_namesTheApplicationBeforeSluice() throws Exception {
    server = serverBuilder().build().start();
    channel = SluiceChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .userAgent("inventory-app/2.1").build();

    assertThat(echo()).isEqualTo("hi");

    assertThat(userAgents).containsExactly("inventory-app/2.1 sluice-java/0.1.0");
  }

  @Test
  void userAgentUnset_sendsSluicesAlone() throws Exception {
    server = serverBuilder().build().start();
    channel = SluiceChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .build();

    assertThat(echo()).isEqualTo("hi");

    assertThat(userAgents).containsExactly("sluice-java/0.1.0");
  }

  @Test
  void serverKeepAliveTimeAndTimeout_pingASilentClientThenCloseIt() throws Exception {
    server = serverBuilder().keepAliveTime(1, TimeUnit.SECONDS)
        .keepAliveTimeout(1, TimeUnit.SECONDS).build().start();

    try (RawH2Peer client = RawH2Peer.connect(server.getPort())) {
      RawH2Peer.Frame ping = client.awaitFrame(RawH2Peer.PING, false);
      assertThat(ping).isNotNull();
      assertThat(ping.type()).isEqualTo(RawH2Peer.PING);
      // The ping is never answered: the keepalive timeout closes the connection.
      assertThat(client.awaitClose()).isTrue();
    }
  }

  @Test
  void permitKeepAliveWithoutCalls_andTimeZero_acceptPingsOfAClientWithoutCalls()
      throws Exception {
    server = serverBuilder().permitKeepAliveTime(0, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true).build().start();

    try (RawH2Peer client = RawH2Peer.connect(server.getPort())) {
      for (int i = 0; i < 5; i++) {
        client.ping(i);
        RawH2Peer.Frame f = client.awaitFrame(RawH2Peer.PING, true);
        assertThat(f).isNotNull();
        assertThat(f.type()).as("ping %d answered, not refused", i).isEqualTo(RawH2Peer.PING);
      }
    }
  }

  @Test
  void permitKeepAliveDefaults_pingsOfAClientWithoutCalls_endInTooManyPings() throws Exception {
    server = serverBuilder().build().start();

    try (RawH2Peer client = RawH2Peer.connect(server.getPort())) {
      RawH2Peer.Frame f = null;
      for (int i = 0; i < 5 && (f == null || f.type() != RawH2Peer.GOAWAY); i++) {
        client.ping(i);
        f = client.awaitFrame(RawH2Peer.PING, true);
      }
      assertThat(f).isNotNull();
      assertThat(f.type()).isEqualTo(RawH2Peer.GOAWAY);
      assertThat(goAwayDebug(f)).contains("too_many_pings");
    }
  }

  @Test
  void clientKeepAliveWithoutCalls_pingsAnIdleConnectionAndClosesItUnanswered()
      throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      channel = SluiceChannelBuilder.forAddress("127.0.0.1", listener.getLocalPort())
          .usePlaintext().keepAliveTime(10, TimeUnit.SECONDS)
          .keepAliveTimeout(1, TimeUnit.SECONDS).keepAliveWithoutCalls(true).build();
      channel.getState(true); // connect, with no call ever made

      try (RawH2Peer peer = RawH2Peer.accept(listener)) {
        RawH2Peer.Frame ping = peer.awaitFrame(RawH2Peer.PING, false);
        assertThat(ping).isNotNull();
        assertThat(ping.type()).isEqualTo(RawH2Peer.PING);
        assertThat(peer.awaitClose()).isTrue();
      }
    }
  }

  @Test
  void maxConnectionAge_drainsTheConnection_callInFlightFinishesAndTheNextUsesANewOne()
      throws Exception {
    server = serverBuilder().maxConnectionAge(2, TimeUnit.SECONDS).build().start();
    channel = SluiceChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .build();
    CompletableFuture<String> inFlight = new CompletableFuture<>();
    ClientCalls.asyncUnaryCall(channel.newCall(HOLD,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)), "held",
        new StreamObserver<>() {
          @Override
          public void onNext(String value) {
            inFlight.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            inFlight.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    StreamObserver<String> reply = held.get(20, TimeUnit.SECONDS);

    awaitNotReady(); // the max-age GOAWAY came
    reply.onNext("released");
    reply.onCompleted();

    assertThat(inFlight.get(20, TimeUnit.SECONDS)).isEqualTo("released");
    assertThat(echo()).isEqualTo("hi");
    assertThat(callers).hasSize(2);
    assertThat(callers.get(1)).isNotEqualTo(callers.get(0));
  }

  @Test
  void maxConnectionAgeGrace_callOutlastingIt_failsUnavailable() throws Exception {
    server = serverBuilder().maxConnectionAge(1, TimeUnit.SECONDS)
        .maxConnectionAgeGrace(1, TimeUnit.SECONDS).build().start();
    channel = SluiceChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .build();

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, HOLD,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), "held forever"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void maxConnectionIdle_closesAConnectionWithoutCalls_nextCallUsesANewOne() throws Exception {
    server = serverBuilder().maxConnectionIdle(1, TimeUnit.SECONDS).build().start();
    channel = SluiceChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .build();
    assertThat(echo()).isEqualTo("hi");

    awaitNotReady();

    assertThat(echo()).isEqualTo("hi");
    assertThat(callers).hasSize(2);
    assertThat(callers.get(1)).isNotEqualTo(callers.get(0));
  }
}
