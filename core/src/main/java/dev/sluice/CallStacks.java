package dev.sluice;

import dev.sluice.compression.MessageCodecs;
import dev.sluice.config.MethodConfig;
import dev.sluice.filter.Filter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The filter stack of each client call of a {@link Channel}: the application's filters, the
 * call's credentials when it has some, then the standard filters, with the message size limits
 * of the call's method config. Thread-safe.
 */
final class CallStacks {

  private final List<Filter> application;
  private final int maxInbound;
  private final int maxOutbound;
  private final MessageCodecs codecs;
  private final CallCredentials channelCredentials;
  private final boolean secure;
  private final List<Filter> standard;
  /** Filter stacks of method configs with message size limits, made once per config. */
  private final Map<MethodConfig, List<Filter>> sized = new ConcurrentHashMap<>();

  /**
   * @param channelCredentials for calls without their own, or null
   * @param secure whether the channel's connections are secure, for call credentials
   */
  CallStacks(List<Filter> application, int maxInbound, int maxOutbound, MessageCodecs codecs,
      CallCredentials channelCredentials, boolean secure) {
    this.application = List.copyOf(application);
    this.maxInbound = maxInbound;
    this.maxOutbound = maxOutbound;
    this.codecs = codecs;
    this.channelCredentials = channelCredentials;
    this.secure = secure;
    this.standard = StandardStack.filters(this.application, maxInbound, maxOutbound, codecs);
  }

  /**
   * The stack of one call: with its method config's size limits ({@code config} may be null),
   * and a credentials filter right below the application's filters when the call has
   * credentials ({@code own}, else the channel's). A call without them gets no such filter.
   */
  List<Filter> forCall(MethodConfig config, CallCredentials own) {
    List<Filter> stack = config == null ? standard : sizedFor(config);
    CallCredentials creds = own != null ? own : channelCredentials;
    return creds == null ? stack
        : CallCredentialsFilter.insert(stack, application.size(), creds, secure);
  }

  /** The filters with the smaller of the channel's and the config's message size limits. */
  private List<Filter> sizedFor(MethodConfig config) {
    if (config.maxRequestMessageBytes() == null && config.maxResponseMessageBytes() == null) {
      return standard;
    }
    List<Filter> stack = sized.get(config);
    if (stack == null) {
      int in = maxInbound;
      int out = maxOutbound;
      if (config.maxResponseMessageBytes() != null) {
        in = Math.min(in, config.maxResponseMessageBytes());
      }
      if (config.maxRequestMessageBytes() != null) {
        out = Math.min(out, config.maxRequestMessageBytes());
      }
      stack = StandardStack.filters(application, in, out, codecs);
      sized.putIfAbsent(config, stack);
    }
    return stack;
  }
}
