package dev.sluice.okhttp;

import dev.sluice.Status;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * What an OkHttp failure means for a call. OkHttp reports a stream reset as its
 * {@code StreamResetException}, which is not public API (its package is not exported), so it is
 * recognised by name and its RFC 9113 §7 error code read from the message OkHttp gives it
 * ({@code "stream was reset: CANCEL"}).
 */
final class ResetCodes {

  private static final String RESET_PREFIX = "stream was reset: ";

  private ResetCodes() {}

  /** The RFC 9113 error code name of a reset, or null when {@code e} is no reset. */
  static String resetCode(Throwable e) {
    if (e == null || !e.getClass().getSimpleName().equals("StreamResetException")) {
      return null;
    }
    String m = String.valueOf(e.getMessage());
    return m.startsWith(RESET_PREFIX) ? m.substring(RESET_PREFIX.length()).trim() : "UNKNOWN";
  }

  /** True for the server's RST_STREAM(NO_ERROR): it ended the call and needs no more input. */
  static boolean isNoError(Throwable e) {
    return "NO_ERROR".equals(resetCode(e));
  }

  /**
   * True when the server did not process the stream: REFUSED_STREAM, or a connection that was
   * shutting down (GOAWAY) before the stream was sent on it. Safe to retry.
   */
  static boolean isRefused(Throwable e) {
    return "REFUSED_STREAM".equals(resetCode(e))
        || e.getClass().getSimpleName().equals("ConnectionShutdownException");
  }

  /** The status a call ends with when OkHttp failed it with {@code e}. */
  static Status statusOf(Throwable e, String target) {
    String code = resetCode(e);
    if (code != null) {
      return GrpcWire.fromResetCode(code);
    }
    if (e instanceof ConnectException || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException) {
      return Status.UNAVAILABLE.withDescription("Could not connect to " + target + ": "
          + e.getMessage()).withCause(e);
    }
    if (e instanceof SSLException) {
      return Status.UNAVAILABLE.withDescription("TLS with " + target + " failed: "
          + e.getMessage()).withCause(e);
    }
    if (e instanceof InterruptedIOException) {
      return Status.UNAVAILABLE.withDescription("Timed out talking to " + target + ": "
          + e.getMessage()).withCause(e);
    }
    if (e instanceof RuntimeException) {
      return Status.INTERNAL.withDescription("OkHttp failed the call to " + target + ": " + e)
          .withCause(e);
    }
    return Status.UNAVAILABLE.withDescription("Connection to " + target + " failed: "
        + e.getMessage()).withCause(e);
  }
}
