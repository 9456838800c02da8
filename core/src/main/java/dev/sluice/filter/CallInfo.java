package dev.sluice.filter;

import dev.sluice.transport.CallHead;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a filter knows about the call it is created for.
 *
 * @param client true on the client side of the call
 * @param head method, authority and deadline
 * @param scheduler for timers (deadlines); tasks must be short and must not block
 */
public record CallInfo(boolean client, CallHead head, ScheduledExecutorService scheduler) {
  public CallInfo {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(scheduler, "scheduler");
  }
}
