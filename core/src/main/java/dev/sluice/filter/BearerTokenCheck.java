package dev.sluice.filter;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A server filter that lets a call reach its handler only with a valid {@code authorization:
 * Bearer <token>} header; any other call ends UNAUTHENTICATED before its handler runs, with a
 * message that says what was missing. An example of server-side authentication, the counterpart
 * of {@link dev.sluice.BearerTokenCredentials}; real servers check signatures and audiences in
 * {@code valid}.
 *
 * <pre>{@code
 * Server.builder().filter(new BearerTokenCheck(token -> tokens.isValid(token)))...
 * }</pre>
 */
public final class BearerTokenCheck implements Filter {

  private static final String PREFIX = "Bearer ";
  private final Predicate<String> valid;

  /** @param valid whether a token (without the {@code Bearer } prefix) is good; must not block */
  public BearerTokenCheck(Predicate<String> valid) {
    this.valid = Objects.requireNonNull(valid, "valid");
  }

  @Override
  public BatchSink newCall(CallInfo info, BatchSink next) {
    if (info.client()) {
      return next;
    }
    return batch -> {
      StreamOpBatch.InitialMetadataReady ready = batch.recvInitialMetadataReady();
      if (ready != null) {
        batch.recvInitialMetadata(headers -> {
          Status refusal = headers == null ? null : check(headers);
          if (refusal == null) {
            ready.ready(headers);
            return;
          }
          // The handler never sees the call: it ends here, with the reason.
          next.startBatch(new StreamOpBatch().sendTrailingMetadata(new Metadata(), refusal));
          ready.ready(null);
        });
      }
      next.startBatch(batch);
    };
  }

  private Status check(Metadata headers) {
    String auth = headers.get("authorization");
    if (auth == null) {
      return Status.UNAUTHENTICATED.withDescription("No authorization header: this server needs "
          + "a bearer token (authorization: Bearer <token>)");
    }
    if (!auth.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return Status.UNAUTHENTICATED.withDescription(
          "The authorization header is not a bearer token");
    }
    if (!valid.test(auth.substring(PREFIX.length()).trim())) {
      return Status.UNAUTHENTICATED.withDescription("The bearer token was not accepted");
    }
    return null;
  }
}
