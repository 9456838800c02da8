package dev.sluice.testing;

import dev.sluice.Metadata;
import dev.sluice.Status;

/**
 * What a {@code recvTrailingMetadata} op yielded.
 *
 * @param metadata the peer's trailers (empty when there were none)
 * @param status client: the call's status; server: OK when closed normally, else the cancel reason
 */
public record Trailers(Metadata metadata, Status status) {}
