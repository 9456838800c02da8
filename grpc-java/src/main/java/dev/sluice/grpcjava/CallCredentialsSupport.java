package dev.sluice.grpcjava;

import io.grpc.CallCredentials;
import io.grpc.CompositeCallCredentials;
import io.grpc.SecurityLevel;

/**
 * Whether a channel applies grpc-java call credentials, and what it tells them.
 *
 * @param securityLevel what {@code RequestInfo.getSecurityLevel()} says: {@code
 *     PRIVACY_AND_INTEGRITY} over TLS or in process, {@code NONE} over plaintext; null when it
 *     is not known (a Sluice channel wrapped without saying), so calls carrying credentials fail
 *     instead of going out without them
 * @param authority the channel's authority, the credentials' audience when a call sets none
 * @param channelCredentials the call credentials of the channel's {@code
 *     CompositeChannelCredentials}, for every call; or null
 */
record CallCredentialsSupport(SecurityLevel securityLevel, String authority,
    CallCredentials channelCredentials) {

  /** For a channel whose security level is not known. */
  static final CallCredentialsSupport NONE = new CallCredentialsSupport(null, null, null);

  /** The credentials of a call: the channel's first, then the call's, as grpc-java runs them. */
  CallCredentials forCall(CallCredentials callCredentials) {
    if (channelCredentials == null) {
      return callCredentials;
    }
    return callCredentials == null ? channelCredentials
        : new CompositeCallCredentials(channelCredentials, callCredentials);
  }
}
