package dev.sluice.grpcjava;

import dev.sluice.Channel;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java {@link ManagedChannel} over a Sluice {@link Channel}: grpc-java stubs, interceptors
 * and {@code ClientCall}s run unchanged, and Sluice resolves, balances, connects and carries the
 * calls. Made by {@link SluiceChannelBuilder}, or by {@link #wrap} around a channel built with
 * Sluice's own builder.
 */
public final class SluiceManagedChannel extends ManagedChannel {

  private final Channel channel;
  private final Executor executor;
  private final io.grpc.Channel intercepted;
  private final CallCredentialsSupport credentials;

  SluiceManagedChannel(Channel channel, Executor executor, List<ClientInterceptor> interceptors,
      CallCredentialsSupport credentials) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.intercepted = ClientInterceptors.intercept(new Calls(), interceptors);
  }

  /**
   * A grpc-java channel over {@code channel}; listener callbacks run on grpc-java's kind of
   * default executor (a shared cached pool). Shutting the returned channel down shuts
   * {@code channel} down. Calls carrying grpc-java {@code CallCredentials} fail UNAUTHENTICATED:
   * nothing tells this wrapper the security level to give them (see {@link #wrap(Channel,
   * boolean)}).
   *
   * @param channel the Sluice channel to put behind grpc-java's API; now owned by the wrapper
   * @return a grpc-java channel that sends every call through {@code channel}
   */
  public static SluiceManagedChannel wrap(Channel channel) {
    return new SluiceManagedChannel(channel, DefaultExecutor.get(), List.of(),
        CallCredentialsSupport.NONE);
  }

  /**
   * As {@link #wrap(Channel)}, and grpc-java {@code CallCredentials} on calls are applied through
   * the Sluice channel's call credentials, told the security level {@code PRIVACY_AND_INTEGRITY}
   * when {@code secure} (the channel uses TLS, or is in process), else {@code NONE}.
   *
   * @param channel the Sluice channel to put behind grpc-java's API; now owned by the wrapper
   * @param secure whether {@code channel}'s connections are private, which call credentials need
   * @return a grpc-java channel that sends every call through {@code channel}
   */
  public static SluiceManagedChannel wrap(Channel channel, boolean secure) {
    return new SluiceManagedChannel(channel, DefaultExecutor.get(), List.of(),
        new CallCredentialsSupport(secure ? io.grpc.SecurityLevel.PRIVACY_AND_INTEGRITY
            : io.grpc.SecurityLevel.NONE,
            channel.authority() != null ? channel.authority() : channel.target(), null));
  }

  /** {@return the Sluice channel underneath, for what the grpc-java API does not cover} */
  public Channel sluiceChannel() {
    return channel;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions) {
    return intercepted.newCall(method, callOptions);
  }

  @Override
  public String authority() {
    String a = channel.authority();
    return a != null ? a : channel.target();
  }

  @Override
  public ManagedChannel shutdown() {
    channel.shutdown();
    return this;
  }

  @Override
  public boolean isShutdown() {
    return channel.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return channel.isTerminated();
  }

  @Override
  public ManagedChannel shutdownNow() {
    channel.shutdownNow();
    return this;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return channel.awaitTermination(Duration.ofNanos(unit.toNanos(timeout)));
  }

  @Override
  public ConnectivityState getState(boolean requestConnection) {
    return ConnectivityState.valueOf(channel.getState(requestConnection).name());
  }

  @Override
  public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    // grpc-java runs the callback on the channel's executor, never on a transport thread.
    channel.notifyWhenStateChanged(
        dev.sluice.transport.ConnectivityState.valueOf(source.name()),
        () -> executor.execute(callback));
  }

  @Override
  public void resetConnectBackoff() {
    channel.resetConnectBackoff();
  }

  @Override
  public void enterIdle() {
    channel.enterIdle();
  }

  @Override
  public String toString() {
    return "SluiceManagedChannel{" + channel + "}";
  }

  /** The channel the interceptors wrap: makes the calls themselves. */
  private final class Calls extends io.grpc.Channel {
    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions callOptions) {
      return new SluiceClientCall<>(channel, method, MethodBridge.toSluice(method), callOptions,
          executor, credentials);
    }

    @Override
    public String authority() {
      return SluiceManagedChannel.this.authority();
    }
  }
}
