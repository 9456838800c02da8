package dev.sluice.grpcjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Channel;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.testing.integration.EmptyProtos;
import io.grpc.testing.integration.TestServiceGrpc;
import io.grpc.testing.integration.TestServiceImpl;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * grpc-java {@link CallCredentials} on calls through {@link SluiceChannelBuilder}: applied by
 * Sluice's call credentials filter, asynchronously, with the security level grpc-java would give
 * them; failures end the call UNAUTHENTICATED before it reaches the server.
 */
class CallCredentialsMappingTest {

  private static final MethodDescriptor<String, String> ECHO = Utf8Methods.unary("test.Auth/Echo");
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Metadata.Key<String> TENANT =
      Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER);

  private final List<String> seenAuthorization = new CopyOnWriteArrayList<>();
  private final List<String> seenTenant = new CopyOnWriteArrayList<>();
  private final ExecutorService tokenThread = Executors.newSingleThreadExecutor();
  private final ScheduledExecutorService testServiceTimer =
      Executors.newSingleThreadScheduledExecutor();
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
    tokenThread.shutdownNow();
    testServiceTimer.shutdownNow();
  }

  /** Records each call's authorization header (or "-") before the service sees it. */
  private ServerInterceptor recorder() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String a = headers.get(AUTHORIZATION);
        seenAuthorization.add(a == null ? "-" : a);
        String t = headers.get(TENANT);
        seenTenant.add(t == null ? "-" : t);
        return next.startCall(call, headers);
      }
    };
  }

  private SluiceServerBuilder echoServer(SluiceServerBuilder b) {
    return b.addService(ServerServiceDefinition.builder("test.Auth")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, out) -> {
          out.onNext(req);
          out.onCompleted();
        })).build()).intercept(recorder());
  }

  /**
   * A bearer token, given from another thread; like grpc-auth's Google credentials, it refuses
   * channels below PRIVACY_AND_INTEGRITY when {@code requirePrivacy}.
   */
  private final class Token extends CallCredentials {
    final boolean requirePrivacy;
    final AtomicReference<RequestInfo> info = new AtomicReference<>();

    Token(boolean requirePrivacy) {
      this.requirePrivacy = requirePrivacy;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, java.util.concurrent.Executor app,
        MetadataApplier applier) {
      info.set(requestInfo);
      if (requirePrivacy && requestInfo.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY) {
        applier.fail(Status.UNAUTHENTICATED.withDescription("token needs a private channel, got "
            + requestInfo.getSecurityLevel()));
        return;
      }
      tokenThread.execute(() -> {
        Metadata h = new Metadata();
        h.put(AUTHORIZATION, "Bearer t0ken");
        applier.apply(h);
      });
    }
  }

  private String echo(CallCredentials creds) {
    return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT
        .withCallCredentials(creds).withDeadlineAfter(20, TimeUnit.SECONDS), "hi");
  }

  private static byte[] cert(String name) {
    try (InputStream in = CallCredentialsMappingTest.class.getResourceAsStream(
        "/dev/sluice/grpcjava/certs/" + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing test certificate " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void stubWithCallCredentials_overTls_addsTheirHeadersWithPrivacyLevel() throws Exception {
    server = SluiceServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .useTransportSecurity(new ByteArrayInputStream(cert("server1.pem")),
            new ByteArrayInputStream(cert("server1.key")))
        .addService(new TestServiceImpl(testServiceTimer)).intercept(recorder()).build().start();
    channel = SluiceChannelBuilder.forAddress("127.0.0.1", server.getPort())
        .trustRoots(cert("ca.pem")).overrideAuthority("foo.test.google.fr").build();
    Token token = new Token(true);

    TestServiceGrpc.newBlockingStub(channel).withCallCredentials(token)
        .withDeadlineAfter(20, TimeUnit.SECONDS).emptyCall(EmptyProtos.Empty.getDefaultInstance());

    assertThat(seenAuthorization).containsExactly("Bearer t0ken");
    CallCredentials.RequestInfo info = token.info.get();
    assertThat(info.getSecurityLevel()).isEqualTo(SecurityLevel.PRIVACY_AND_INTEGRITY);
    assertThat(info.getAuthority()).isEqualTo("foo.test.google.fr");
    assertThat(info.getMethodDescriptor().getFullMethodName())
        .isEqualTo("grpc.testing.TestService/EmptyCall");
  }

  @Test
  void compositeChannelCredentials_applyToEveryCallBeforeTheCallsOwn() throws Exception {
    server = echoServer(SluiceServerBuilder.forPort(0)).build().start();
    CallCredentials tenant = new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor app,
          MetadataApplier applier) {
        Metadata h = new Metadata();
        h.put(TENANT, "acme");
        applier.apply(h);
      }
    };
    channel = SluiceChannelBuilder.forTarget("localhost:" + server.getPort(),
        CompositeChannelCredentials.create(InsecureChannelCredentials.create(), tenant)).build();

    assertThat(ClientCalls.blockingUnaryCall(channel, ECHO,
        CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), "plain")).isEqualTo("plain");
    assertThat(echo(new Token(false))).isEqualTo("hi");

    assertThat(seenTenant).containsExactly("acme", "acme");
    assertThat(seenAuthorization).containsExactly("-", "Bearer t0ken");
  }

  @Test
  void callCredentials_inProcess_areToldPrivacyAndApplied() throws Exception {
    String name = "creds-" + UUID.randomUUID();
    server = echoServer(SluiceServerBuilder.forInProcess(name)).build().start();
    channel = SluiceChannelBuilder.forInProcess(name).build();

    assertThat(echo(new Token(true))).isEqualTo("hi");
    assertThat(seenAuthorization).containsExactly("Bearer t0ken");
  }

  @Test
  void callCredentials_overPlaintextThatRequirePrivacy_failUnauthenticatedBeforeTheServer()
      throws Exception {
    server = echoServer(SluiceServerBuilder.forPort(0)).build().start();
    channel = SluiceChannelBuilder.forAddress("localhost", server.getPort()).usePlaintext()
        .build();

    assertThatThrownBy(() -> echo(new Token(true)))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("got NONE");
        });
    assertThat(seenAuthorization).isEmpty();
  }

  @Test
  void callCredentials_overPlaintextThatAcceptIt_areApplied() throws Exception {
    server = echoServer(SluiceServerBuilder.forPort(0)).build().start();
    channel = SluiceChannelBuilder.forAddress("localhost", server.getPort()).usePlaintext()
        .build();
    Token token = new Token(false);

    assertThat(echo(token)).isEqualTo("hi");
    assertThat(seenAuthorization).containsExactly("Bearer t0ken");
    assertThat(token.info.get().getSecurityLevel()).isEqualTo(SecurityLevel.NONE);
  }

  @Test
  void applierFail_laterOnAnotherThread_failsTheCallUnauthenticatedWithTheReason()
      throws Exception {
    String name = "creds-" + UUID.randomUUID();
    server = echoServer(SluiceServerBuilder.forInProcess(name)).build().start();
    channel = SluiceChannelBuilder.forInProcess(name).build();
    CallCredentials failing = new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor app,
          MetadataApplier applier) {
        tokenThread.execute(() -> applier.fail(
            Status.UNAVAILABLE.withDescription("token server down")));
      }
    };

    assertThatThrownBy(() -> echo(failing))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("token server down");
        });
    assertThat(seenAuthorization).isEmpty();
  }

  @Test
  void callCredentialsThatThrow_failTheCallUnauthenticated() throws Exception {
    String name = "creds-" + UUID.randomUUID();
    server = echoServer(SluiceServerBuilder.forInProcess(name)).build().start();
    channel = SluiceChannelBuilder.forInProcess(name).build();
    CallCredentials throwing = new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor app,
          MetadataApplier applier) {
        throw new IllegalStateException("no token configured");
      }
    };

    assertThatThrownBy(() -> echo(throwing)).isInstanceOfSatisfying(
        StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(seenAuthorization).isEmpty();
  }

  @Test
  void wrap_withoutSecurityLevel_failsCallsWithCredentialsInsteadOfDroppingThem()
      throws Exception {
    String name = "creds-" + UUID.randomUUID();
    server = echoServer(SluiceServerBuilder.forInProcess(name)).build().start();
    channel = SluiceManagedChannel.wrap(Channel.forTarget("inproc:" + name));

    assertThatThrownBy(() -> echo(new Token(false))).isInstanceOfSatisfying(
        StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("wrap(channel, secure)");
        });
    assertThat(seenAuthorization).isEmpty();
  }

  @Test
  void wrap_withSecurityLevel_appliesCredentials() throws Exception {
    String name = "creds-" + UUID.randomUUID();
    server = echoServer(SluiceServerBuilder.forInProcess(name)).build().start();
    channel = SluiceManagedChannel.wrap(Channel.forTarget("inproc:" + name), true);

    assertThat(echo(new Token(true))).isEqualTo("hi");
    assertThat(seenAuthorization).containsExactly("Bearer t0ken");
  }
}
