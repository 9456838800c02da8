package dev.sluice.grpcjava;

import io.grpc.SecurityLevel;

/**
 * Whether a channel applies grpc-java call credentials, and what it tells them.
 *
 * @param securityLevel what {@code RequestInfo.getSecurityLevel()} says: {@code
 *     PRIVACY_AND_INTEGRITY} over TLS or in process, {@code NONE} over plaintext; null when the
 *     Sluice channel has no {@link dev.sluice.filter.CallCredentialsFilter}, so calls carrying
 *     credentials fail instead of going out without them
 * @param authority the channel's authority, the credentials' audience when a call sets none
 */
record CallCredentialsSupport(SecurityLevel securityLevel, String authority) {

  /** For a channel without the filter. */
  static final CallCredentialsSupport NONE = new CallCredentialsSupport(null, null);
}
