package dev.sluice.grpcjava;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.util.Set;

/** grpc-java channel credentials applied to a {@link SluiceChannelBuilder}. */
final class CredentialsBridge {

  private CredentialsBridge() {}

  static void apply(ChannelCredentials credentials, SluiceChannelBuilder b) {
    if (credentials instanceof CompositeChannelCredentials composite) {
      apply(composite.getChannelCredentials(), b);
      b.channelCallCredentials(composite.getCallCredentials());
      return;
    }
    if (credentials instanceof InsecureChannelCredentials) {
      b.usePlaintext();
      return;
    }
    if (credentials instanceof TlsChannelCredentials tls) {
      Set<TlsChannelCredentials.Feature> understood = Set.of();
      Set<TlsChannelCredentials.Feature> missing = tls.incomprehensible(understood);
      if (!missing.isEmpty()) {
        throw SluiceChannelBuilder.unsupported("TlsChannelCredentials " + missing,
            "Sluice takes PEM trust roots and a PEM key pair");
      }
      if (tls.getTrustManagers() != null || tls.getKeyManagers() != null) {
        throw SluiceChannelBuilder.unsupported("TlsChannelCredentials trust/key managers",
            "Sluice takes PEM trust roots and a PEM key pair");
      }
      b.useTransportSecurity();
      if (tls.getRootCertificates() != null) {
        b.trustRoots(tls.getRootCertificates());
      }
      if (tls.getCertificateChain() != null) {
        if (tls.getPrivateKeyPassword() != null) {
          throw SluiceChannelBuilder.unsupported("an encrypted private key",
              "give Sluice an unencrypted PKCS#8 PEM key");
        }
        b.keyPair(tls.getCertificateChain(), tls.getPrivateKey());
      }
      return;
    }
    throw SluiceChannelBuilder.unsupported(credentials.getClass().getName(),
        "Sluice understands InsecureChannelCredentials, TlsChannelCredentials and"
            + " CompositeChannelCredentials of those");
  }
}
