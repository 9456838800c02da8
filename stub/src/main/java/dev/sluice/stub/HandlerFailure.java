package dev.sluice.stub;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.StatusException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * What a server handler's exception tells the client: a {@link StatusException} keeps its status
 * and trailers; anything else is UNKNOWN, logged here and not described to the client, so the
 * server's internals stay private.
 */
final class HandlerFailure {

  private static final Logger log = System.getLogger("dev.sluice.stub");

  private HandlerFailure() {}

  static Status statusOf(Throwable t, String path) {
    if (t instanceof StatusException se) {
      return se.status();
    }
    log.log(Level.WARNING, "Handler of " + path + " threw", t);
    return Status.UNKNOWN.withDescription("The server's handler failed").withCause(t);
  }

  /** The trailers the exception carries, or null. */
  static Metadata trailersOf(Throwable t) {
    return t instanceof StatusException se ? se.trailers() : null;
  }
}
