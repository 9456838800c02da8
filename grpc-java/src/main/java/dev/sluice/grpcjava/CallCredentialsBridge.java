package dev.sluice.grpcjava;

import dev.sluice.CallCredentials;
import dev.sluice.Metadata;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A grpc-java {@link io.grpc.CallCredentials} (from {@code CallOptions.withCallCredentials}, as
 * stubs' {@code withCallCredentials} set it) as Sluice's {@link CallCredentials}, applied by the
 * call's Sluice {@link dev.sluice.CallOptions#withCallCredentials call credentials}.
 *
 * <p>The credentials' {@link io.grpc.CallCredentials.MetadataApplier} may answer on any thread,
 * later: the call's batches wait in the filter meanwhile. A {@code fail(status)} fails the call
 * UNAUTHENTICATED, the credentials' status in the message and as the cause.
 *
 * <p>Plaintext: grpc-java leaves the decision to the credentials, which read {@link
 * io.grpc.CallCredentials.RequestInfo#getSecurityLevel()} ({@code NONE} without TLS) and fail
 * when it is too low, as grpc-auth's Google credentials do. So does this bridge: it tells the
 * credentials the channel's security level and lets them go over plaintext if they accept it.
 */
final class CallCredentialsBridge implements CallCredentials {

  private final io.grpc.CallCredentials credentials;
  private final MethodDescriptor<?, ?> method;
  private final CallOptions options;
  private final SecurityLevel securityLevel;
  private final String channelAuthority;
  private final Executor appExecutor;

  CallCredentialsBridge(io.grpc.CallCredentials credentials, MethodDescriptor<?, ?> method,
      CallOptions options, SecurityLevel securityLevel, String channelAuthority,
      Executor appExecutor) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.method = Objects.requireNonNull(method, "method");
    this.options = Objects.requireNonNull(options, "options");
    this.securityLevel = Objects.requireNonNull(securityLevel, "securityLevel");
    this.channelAuthority = channelAuthority;
    this.appExecutor = Objects.requireNonNull(appExecutor, "appExecutor");
  }

  @Override
  public CompletionStage<Metadata> headers(String path, String authority) {
    CompletableFuture<Metadata> result = new CompletableFuture<>();
    String audience = authority != null ? authority : channelAuthority;
    io.grpc.CallCredentials.RequestInfo info = new io.grpc.CallCredentials.RequestInfo() {
      @Override
      public MethodDescriptor<?, ?> getMethodDescriptor() {
        return method;
      }

      @Override
      public CallOptions getCallOptions() {
        return options;
      }

      @Override
      public SecurityLevel getSecurityLevel() {
        return securityLevel;
      }

      @Override
      public String getAuthority() {
        return audience;
      }

      @Override
      public Attributes getTransportAttrs() {
        return Attributes.EMPTY; // the connection is picked after the headers are computed
      }
    };
    try {
      credentials.applyRequestMetadata(info, appExecutor,
          new io.grpc.CallCredentials.MetadataApplier() {
            @Override
            public void apply(io.grpc.Metadata headers) {
              result.complete(MetadataBridge.toSluice(headers));
            }

            @Override
            public void fail(Status status) {
              if (status.isOk()) {
                throw new IllegalArgumentException("Cannot fail with OK status");
              }
              result.completeExceptionally(status.asRuntimeException());
            }
          });
    } catch (RuntimeException e) {
      // grpc-java fails the call when credentials throw instead of calling fail().
      result.completeExceptionally(Status.UNAUTHENTICATED
          .withDescription("Credentials should use fail() instead of throwing exceptions")
          .withCause(e).asRuntimeException());
    }
    return result;
  }

  /** grpc-java's credentials judge the security level themselves (see the class comment). */
  @Override
  public boolean allowsPlaintext() {
    return true;
  }
}
