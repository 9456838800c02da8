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

  /**
   * A stub over {@code channel}; generated subclasses call this from their own constructors.
   *
   * @param channel where the stub's calls go
   * @param options the options every call starts with
   * @param headers the headers every call sends; copied, so later changes to it do not show
   */
  protected AbstractStub(Channel channel, CallOptions options, Metadata headers) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.options = Objects.requireNonNull(options, "options");
    this.headers = new Metadata(Objects.requireNonNull(headers, "headers"));
  }

  /**
   * A stub of the same type with these settings.
   *
   * @param channel the channel, unchanged from this stub
   * @param options the options the new stub's calls use
   * @param headers the headers the new stub's calls send
   * @return a stub of the concrete type, sharing nothing mutable with this one
   */
  protected abstract S build(Channel channel, CallOptions options, Metadata headers);

  /** {@return the channel this stub's calls go through} */
  public final Channel channel() {
    return channel;
  }

  /** {@return the options every call made through this stub starts with} */
  public final CallOptions options() {
    return options;
  }

  /** {@return a copy of the headers each call sends} */
  public final Metadata headers() {
    return new Metadata(headers);
  }

  /**
   * Calls made through the new stub must end by {@code deadline}.
   *
   * @param deadline the deadline; it applies to every call the new stub makes
   * @return a new stub; this one is unchanged
   */
  public final S withDeadline(Deadline deadline) {
    return build(channel, options.withDeadline(deadline), headers);
  }

  /**
   * Calls made through the new stub must end {@code timeout} from now: the deadline is fixed
   * when this is called, not per call.
   *
   * @param timeout the time from now until the deadline
   * @return a new stub; this one is unchanged
   */
  public final S withTimeout(Duration timeout) {
    return build(channel, options.withTimeout(timeout), headers);
  }

  /**
   * Calls made through the new stub wait for a ready connection (until their deadline) instead
   * of failing with UNAVAILABLE while the channel cannot reach any server; see {@link
   * CallOptions#withWaitForReady()}.
   *
   * @return a new stub; this one is unchanged
   */
  public final S withWaitForReady() {
    return build(channel, options.withWaitForReady(), headers);
  }

  /**
   * Calls made through the new stub send {@code credentials} (a bearer token, say), computed
   * just before each call's headers go out, instead of the channel's; see {@link
   * CallOptions#withCallCredentials} and {@link CallCredentials}.
   *
   * @param credentials what to attach to each call's headers
   * @return a new stub; this one is unchanged
   */
  public final S withCallCredentials(CallCredentials credentials) {
    return build(channel, options.withCallCredentials(
        Objects.requireNonNull(credentials, "credentials")), headers);
  }

  /**
   * Calls made through the new stub send {@code extra} in addition to these headers.
   *
   * @param extra headers to add; copied
   * @return a new stub; this one is unchanged
   */
  public final S withHeaders(Metadata extra) {
    return build(channel, options, new Metadata(headers).addAll(extra));
  }

  /**
   * Calls made through the new stub use {@code newOptions}.
   *
   * @param newOptions the options that replace this stub's
   * @return a new stub; this one is unchanged
   */
  public final S withOptions(CallOptions newOptions) {
    return build(channel, newOptions, headers);
  }
}
