package dev.sluice.filter;

import dev.sluice.CallValues;
import dev.sluice.transport.CallHead;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a filter knows about the call it is created for.
 *
 * @param client true on the client side of the call
 * @param head method, authority and deadline
 * @param scheduler for timers (deadlines); tasks must be short and must not block
 * @param values the call's typed values, which a filter or interceptor may read and set; the
 *     same object as {@code Call.values()}
 */
public record CallInfo(boolean client, CallHead head, ScheduledExecutorService scheduler,
    CallValues values) {
  /**
   * Checks that the head, scheduler and values are there.
   *
   * @param client true on the client side of the call
   * @param head method, authority and deadline
   * @param scheduler for timers (deadlines); tasks must be short and must not block
   * @param values the call's typed values, which a filter or interceptor may read and set; the same
   *     object as {@code Call.values()}
   */
  public CallInfo {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(values, "values");
  }

  /**
   * A call's info with values of its own, none set yet.
   *
   * @param client true on the client side of the call
   * @param head method, authority and deadline
   * @param scheduler for timers (deadlines); tasks must be short and must not block
   */
  public CallInfo(boolean client, CallHead head, ScheduledExecutorService scheduler) {
    this(client, head, scheduler, new CallValues());
  }
}
