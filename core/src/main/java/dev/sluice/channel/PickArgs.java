package dev.sluice.channel;

import dev.sluice.CallOptions;
import dev.sluice.Metadata;

/** What a {@link Picker} knows about the call it picks for. */
public interface PickArgs {

  /**
   * {@code /package.Service/Method}.
   *
   * @return the call's path
   */
  String path();

  /**
   * The request headers the call is sending; do not modify them.
   *
   * @return the call's request headers
   */
  Metadata headers();

  /**
   * The call's options (deadline, wait-for-ready...).
   *
   * @return the call's options
   */
  CallOptions callOptions();
}
