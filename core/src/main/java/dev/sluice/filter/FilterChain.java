package dev.sluice.filter;

import java.util.List;

/** Builds one call's stack of sinks from a channel's or server's filters. */
public final class FilterChain {

  private FilterChain() {}

  /**
   * @param filters top first: the first filter sees each batch first
   * @param bottom the transport stream's sink
   * @return the top of the stack
   * @param info the call the stack is built for
   */
  public static BatchSink build(List<Filter> filters, CallInfo info, BatchSink bottom) {
    BatchSink next = bottom;
    for (int i = filters.size() - 1; i >= 0; i--) {
      next = filters.get(i).newCall(info, next);
    }
    return next;
  }
}
