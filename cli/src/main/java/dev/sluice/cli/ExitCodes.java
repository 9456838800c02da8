package dev.sluice.cli;

import dev.sluice.Status;

/**
 * The exit status of every {@code sluice} command, as the README documents it: scripts and
 * Kubernetes exec probes branch on it.
 *
 * <table>
 *   <caption>Exit status</caption>
 *   <tr><th>status</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>the call (or every call) ended OK; {@code health}: SERVING</td></tr>
 *   <tr><td>1</td><td>a local error: bad JSON, an unknown method or symbol, a file that cannot
 *       be read, a TLS setting that cannot be used</td></tr>
 *   <tr><td>2</td><td>the command line itself is wrong (picocli's usage error)</td></tr>
 *   <tr><td>3</td><td>{@code health}: the server answered, with a status other than
 *       SERVING</td></tr>
 *   <tr><td>10 + code</td><td>the RPC failed with that gRPC status code: 11 CANCELLED,
 *       12 UNKNOWN, 13 INVALID_ARGUMENT, 14 DEADLINE_EXCEEDED, 15 NOT_FOUND, ...,
 *       22 UNIMPLEMENTED, 23 INTERNAL, 24 UNAVAILABLE, 25 DATA_LOSS, 26 UNAUTHENTICATED</td></tr>
 * </table>
 */
final class ExitCodes {

  static final int OK = 0;
  static final int LOCAL_ERROR = 1;
  static final int USAGE = 2;
  static final int NOT_SERVING = 3;
  /** Added to a gRPC status code. */
  static final int STATUS_BASE = 10;

  private ExitCodes() {}

  /** The exit status for a call that ended with {@code status}. */
  static int of(Status status) {
    return status.isOk() ? OK : STATUS_BASE + status.code().value();
  }
}
