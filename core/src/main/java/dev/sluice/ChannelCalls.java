package dev.sluice;

import dev.sluice.channel.AttemptTracing;
import dev.sluice.channel.ClientChannel;
import dev.sluice.config.MethodConfig;
import dev.sluice.filter.Filter;
import dev.sluice.telemetry.ClientCallTracer;
import dev.sluice.telemetry.ClientTelemetry;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.TransportStream;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes each new {@link Call} of a {@link Channel}: applies the method's config to the call's
 * options, ends at once a call whose deadline has passed or whose channel is shut down, and puts
 * together the stream, the filter stack and the telemetry of the others. Kept apart from {@code
 * Channel}, whose public face is its documented methods. Thread-safe.
 */
final class ChannelCalls {

  private final ClientChannel core;
  private final CallStacks stacks;
  private final ClientTelemetry telemetry;
  private final ScheduledExecutorService scheduler;

  /** {@code telemetry} may be null: then no telemetry hook runs. */
  ChannelCalls(ClientChannel core, CallStacks stacks, ClientTelemetry telemetry,
      ScheduledExecutorService scheduler) {
    this.core = core;
    this.stacks = stacks;
    this.telemetry = telemetry;
    this.scheduler = scheduler;
  }

  /** See {@link Channel#newCall(MethodDescriptor, CallOptions)}. */
  Call newCall(MethodDescriptor<?, ?> method, CallOptions options) {
    MethodConfig config = core.methodConfig(method.fullName());
    if (config != null) {
      options = applyMethodConfig(config, options);
    }
    String authority = options.authority() != null ? options.authority() : core.authority();
    CallHead head = new CallHead(method.path(), authority, options.deadline());
    ClientCallTracer tracer = telemetry == null ? null : telemetry.newCall(method, core.target());
    if (options.deadline() != null && options.deadline().isExpired()) {
      return failed(method, head, tracer, Status.DEADLINE_EXCEEDED.withDescription(
          "Deadline of " + method.fullName() + " had passed before the call started"));
    }
    TransportStream stream = core.newStream(head, options, config);
    if (stream == null) {
      return failed(method, head, tracer, Status.UNAVAILABLE.withDescription(
          "Channel shutdown invoked: the channel to " + core.target() + " is shut down"));
    }
    List<Filter> callFilters = stacks.forCall(config, options.callCredentials());
    if (tracer != null) {
      AttemptTracing.attach(stream, tracer);
      callFilters = CallTelemetry.client(tracer, callFilters);
    }
    return Call.client(core.callTransport(), stream, method, head, callFilters, scheduler,
        options.compression());
  }

  private Call failed(MethodDescriptor<?, ?> method, CallHead head, ClientCallTracer tracer,
      Status status) {
    if (tracer != null) {
      tracer.callEnded(status);
    }
    return Call.failedClient(method, head, status, scheduler);
  }

  /**
   * The call's options with the method config applied (docs/channels.md, "Service config"): the
   * earlier of the two deadlines, and the config's wait-for-ready when the call did not choose.
   */
  private static CallOptions applyMethodConfig(MethodConfig config, CallOptions options) {
    if (config.timeoutNanos() != null) {
      Deadline byConfig = Deadline.after(config.timeoutNanos(), TimeUnit.NANOSECONDS);
      if (options.deadline() == null || byConfig.compareTo(options.deadline()) < 0) {
        options = options.withDeadline(byConfig);
      }
    }
    if (config.waitForReady() != null && options.waitForReady() == null) {
      options = config.waitForReady() ? options.withWaitForReady()
          : options.withoutWaitForReady();
    }
    return options;
  }
}
