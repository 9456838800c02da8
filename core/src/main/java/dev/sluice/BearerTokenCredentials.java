package dev.sluice;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link CallCredentials} that send {@code authorization: Bearer <token>}, from a token source
 * that is asked only when needed: the token is kept until shortly before it expires, and calls
 * that need a token while one is being fetched share that fetch, so many calls cost one refresh.
 * A failed fetch fails the calls waiting on it (UNAUTHENTICATED, with its message); the next call
 * asks again. Thread-safe.
 */
public final class BearerTokenCredentials implements CallCredentials {

  /** A token and when it stops being valid (null: never). */
  public record Token(String value, Instant expiresAt) {
    /**
     * Checks that the token is there.
     *
     * @param value the token, sent as {@code Bearer <value>}
     * @param expiresAt when the token stops being valid, or null for never
     */
    public Token {
      Objects.requireNonNull(value, "value");
    }
  }

  /** How long before its expiry a token is replaced, so no call carries one about to lapse. */
  static final java.time.Duration REFRESH_MARGIN = java.time.Duration.ofSeconds(30);

  private final Supplier<? extends CompletionStage<Token>> source;
  private final Clock clock;
  private final boolean allowsPlaintext;
  private CompletableFuture<Token> current; // guarded by this

  private BearerTokenCredentials(Supplier<? extends CompletionStage<Token>> source, Clock clock,
      boolean allowsPlaintext) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.allowsPlaintext = allowsPlaintext;
  }

  /**
   * Tokens from {@code source}, which must not block (fetch asynchronously); TLS only.
   *
   * @param source asked for a token when there is none valid; returns a stage of it
   * @return credentials that send the source's tokens over TLS only
   */
  public static BearerTokenCredentials of(Supplier<? extends CompletionStage<Token>> source) {
    return new BearerTokenCredentials(source, Clock.systemUTC(), false);
  }

  /**
   * As {@link #of}, with the clock that judges expiry (tests).
   *
   * @param source asked for a token when there is none valid; returns a stage of it
   * @param clock the clock compared with each token's expiry
   * @return credentials that send the source's tokens over TLS only
   */
  public static BearerTokenCredentials of(Supplier<? extends CompletionStage<Token>> source,
      Clock clock) {
    return new BearerTokenCredentials(source, clock, false);
  }

  /**
   * The same credentials, allowed over connections without TLS: only for tests and for networks
   * you trust (a token in clear text is a token anyone on the path may use).
   *
   * @return new credentials; these stay TLS-only
   */
  public BearerTokenCredentials allowingPlaintext() {
    return new BearerTokenCredentials(source, clock, true);
  }

  @Override
  public CompletionStage<Metadata> headers(String path, String authority) {
    return token().thenApply(t -> new Metadata().add("authorization", "Bearer " + t.value()));
  }

  private CompletableFuture<Token> token() {
    CompletableFuture<Token> f;
    synchronized (this) {
      f = current;
      if (f != null && (!f.isDone() || usable(f))) {
        return f;
      }
      f = new CompletableFuture<>();
      current = f;
    }
    CompletableFuture<Token> fetching = f;
    try {
      source.get().whenComplete((t, e) -> {
        if (e != null) {
          forget(fetching);
          fetching.completeExceptionally(e);
        } else {
          fetching.complete(t);
        }
      });
    } catch (RuntimeException e) {
      forget(fetching);
      fetching.completeExceptionally(e);
    }
    return fetching;
  }

  private boolean usable(CompletableFuture<Token> done) {
    if (done.isCompletedExceptionally()) {
      return false;
    }
    Instant expires = done.join().expiresAt();
    return expires == null || clock.instant().plus(REFRESH_MARGIN).isBefore(expires);
  }

  private synchronized void forget(CompletableFuture<Token> failed) {
    if (current == failed) {
      current = null;
    }
  }

  @Override
  public boolean allowsPlaintext() {
    return allowsPlaintext;
  }
}
