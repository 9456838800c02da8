package dev.sluice.cli;

/** A failure the command reports in one line and turns into an exit status. */
final class CliFailure extends RuntimeException {

  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A local error (exit status 1). */
  static CliFailure local(String message) {
    return new CliFailure(ExitCodes.LOCAL_ERROR, message);
  }

  static CliFailure local(String message, Throwable cause) {
    return new CliFailure(ExitCodes.LOCAL_ERROR, message, cause);
  }

  int exitCode() {
    return exitCode;
  }
}
