package dev.sluice.testing;

import java.util.List;

/**
 * What {@link LeakDetectionExtension} asks of a leak detector: bring out the leaks of objects that
 * are no longer reachable, and hand over every leak reported since the last call.
 *
 * <p>An interface apart from Netty, so the extension loads (and does nothing) on a class path
 * without Netty.
 */
interface LeakWatch {

  /**
   * Makes the detector find what leaked so far (collects garbage until unreachable buffers are
   * queued for the detector, then makes it look), and returns every leak reported since the
   * previous call, each as the detector describes it. Empty when nothing leaked.
   */
  List<String> collectLeaks() throws InterruptedException;

  /** Used when Netty is not on the class path: there is nothing to watch. */
  LeakWatch NONE = List::of;
}
