package dev.sluice.telemetry;

/** Why an attempt of a call exists (gRFC A6: retries, hedging and transparent retries). */
public enum AttemptKind {
  /** The call's first attempt. */
  FIRST,
  /** A retry after the retry policy's backoff or the server's pushback. */
  RETRY,
  /** Sent again at once because the server's application never saw the previous attempt. */
  TRANSPARENT_RETRY,
  /** A hedge: a further attempt running beside the first, under a hedging policy. */
  HEDGE
}
