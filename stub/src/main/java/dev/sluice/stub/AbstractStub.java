package dev.sluice.stub;

import dev.sluice.CallCredentials;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Deadline;
import dev.sluice.Metadata;
import java.time.Duration;
import java.util.Objects;

/**
 * The common part of generated stubs: a channel, the call options and the headers every call
 * sends. Stubs are immutable; the {@code with*} methods return new ones, so a stub can be shared
 * by threads and specialised per call ({@code stub.withTimeout(...).sayHello(req)}).
 *
 * @param <S> the concrete stub type
 */
public abstract class AbstractStub<S extends AbstractStub<S>> {

  private final Channel channel;
  private final CallOptions options;
  private final Metadata headers;

  protected AbstractStub(Channel channel, CallOptions options, Metadata headers) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.options = Objects.requireNonNull(options, "options");
    this.headers = new Metadata(Objects.requireNonNull(headers, "headers"));
  }

  /** A stub of the same type with these settings. */
  protected abstract S build(Channel channel, CallOptions options, Metadata headers);

  public final Channel channel() {
    return channel;
  }

  public final CallOptions options() {
    return options;
  }

  /** A copy of the headers each call sends. */
  public final Metadata headers() {
    return new Metadata(headers);
  }

  /** Calls made through the new stub must end by {@code deadline}. */
  public final S withDeadline(Deadline deadline) {
    return build(channel, options.withDeadline(deadline), headers);
  }

  /**
   * Calls made through the new stub must end {@code timeout} from now: the deadline is fixed
   * when this is called, not per call.
   */
  public final S withTimeout(Duration timeout) {
    return build(channel, options.withTimeout(timeout), headers);
  }

  /**
   * Calls made through the new stub wait for a ready connection (until their deadline) instead
   * of failing with UNAVAILABLE while the channel cannot reach any server; see {@link
   * CallOptions#withWaitForReady()}.
   */
  public final S withWaitForReady() {
    return build(channel, options.withWaitForReady(), headers);
  }

  /**
   * Calls made through the new stub send {@code credentials} (a bearer token, say), computed
   * just before each call's headers go out, instead of the channel's; see {@link
   * CallOptions#withCallCredentials} and {@link CallCredentials}.
   */
  public final S withCallCredentials(CallCredentials credentials) {
    return build(channel, options.withCallCredentials(
        Objects.requireNonNull(credentials, "credentials")), headers);
  }

  /** Calls made through the new stub send {@code extra} in addition to these headers. */
  public final S withHeaders(Metadata extra) {
    return build(channel, options, new Metadata(headers).addAll(extra));
  }

  /** Calls made through the new stub use {@code newOptions}. */
  public final S withOptions(CallOptions newOptions) {
    return build(channel, newOptions, headers);
  }
}
