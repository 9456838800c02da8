package dev.sluice.h2.netty;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificates made at test time, so no private key lives in the repository: a CA, a
 * server certificate it signed, a client certificate it signed, and a second, untrusted CA with
 * its own server certificate for negative tests. All keys are EC P-256.
 *
 * <p>The server certificate names {@code localhost}, {@code 127.0.0.1}, {@code ::1} and {@code
 * *.test.google.fr} (the gRPC interop tests' {@code foo.test.google.fr} override).
 *
 * <p>PEM files are written to a temporary directory (certificates as {@code CERTIFICATE},
 * keys as PKCS#8 {@code PRIVATE KEY}) that is deleted when the JVM exits. {@link #shared()}
 * makes one set per test JVM.
 */
public final class TestCerts {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static TestCerts shared;

  private final Path dir;
  private final X509Certificate ca;
  private final X509Certificate server;
  private final X509Certificate client;
  private final X509Certificate otherCa;
  private final X509Certificate otherServer;
  private final X509Certificate selfSigned;

  private TestCerts(Path dir) throws IOException, GeneralSecurityException {
    this.dir = dir;
    KeyPair caKeys = newKeyPair();
    ca = caCert("CN=Sluice Test CA", caKeys);
    KeyPair serverKeys = newKeyPair();
    server = leaf("CN=localhost", serverKeys, ca, caKeys, true);
    KeyPair clientKeys = newKeyPair();
    client = leaf("CN=sluice-test-client", clientKeys, ca, caKeys, false);
    KeyPair otherCaKeys = newKeyPair();
    otherCa = caCert("CN=Untrusted Test CA", otherCaKeys);
    KeyPair otherServerKeys = newKeyPair();
    otherServer = leaf("CN=localhost", otherServerKeys, otherCa, otherCaKeys, true);

    KeyPair selfSignedKeys = newKeyPair();
    selfSigned = leaf("CN=localhost", selfSignedKeys, null, selfSignedKeys, true);

    writeCert("ca.pem", ca);
    writeCert("server.pem", server, ca);
    writeKey("server.key", serverKeys.getPrivate());
    writeCert("client.pem", client, ca);
    writeKey("client.key", clientKeys.getPrivate());
    writeCert("other-ca.pem", otherCa);
    writeCert("other-server.pem", otherServer, otherCa);
    writeKey("other-server.key", otherServerKeys.getPrivate());
    writeCert("self-signed.pem", selfSigned);
    writeKey("self-signed.key", selfSignedKeys.getPrivate());
  }

  /** One set of certificates for the whole test JVM. */
  public static synchronized TestCerts shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("sluice-test-certs");
        dir.toFile().deleteOnExit();
        shared = new TestCerts(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Could not make test certificates", e);
      }
    }
    return shared;
  }

  /** The trusted CA's certificate (PEM). */
  public File caCert() {
    return file("ca.pem");
  }

  /** The server's chain, leaf first (PEM). */
  public File serverCertChain() {
    return file("server.pem");
  }

  /** The server's PKCS#8 private key (PEM). */
  public File serverKey() {
    return file("server.key");
  }

  /** The client's chain for mTLS, leaf first (PEM). */
  public File clientCertChain() {
    return file("client.pem");
  }

  /** The client's PKCS#8 private key (PEM). */
  public File clientKey() {
    return file("client.key");
  }

  /** A CA nobody trusts (PEM). */
  public File otherCaCert() {
    return file("other-ca.pem");
  }

  /** A server chain signed by {@link #otherCaCert()} (PEM). */
  public File otherServerCertChain() {
    return file("other-server.pem");
  }

  /** The key of {@link #otherServerCertChain()} (PEM). */
  public File otherServerKey() {
    return file("other-server.key");
  }

  /** The client's leaf certificate, to compare with what a server saw. */
  /** A server certificate for localhost signed by its own key, which nobody trusts (PEM). */
  public File selfSignedServerCert() {
    return file("self-signed.pem");
  }

  /** The key of {@link #selfSignedServerCert()} (PKCS#8 PEM). */
  public File selfSignedServerKey() {
    return file("self-signed.key");
  }

  public X509Certificate clientCertificate() {
    return client;
  }

  /** A server config with the trusted server certificate. */
  public TlsConfig.Builder server() {
    return TlsConfig.forServer(serverCertChain(), serverKey());
  }

  /** A client config that trusts the test CA. */
  public TlsConfig.Builder client() {
    return TlsConfig.forClient().trustRoots(caCert());
  }

  private File file(String name) {
    return dir.resolve(name).toFile();
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate caCert(String subject, KeyPair keys)
      throws GeneralSecurityException, IOException {
    X500Name name = new X500Name(subject);
    X509v3CertificateBuilder b = builder(name, name, keys);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
    return sign(b, keys.getPrivate());
  }

  /** A leaf certificate; a null {@code issuer} makes it self-signed (with {@code issuerKeys}). */
  private static X509Certificate leaf(String subject, KeyPair keys, X509Certificate issuer,
      KeyPair issuerKeys, boolean server) throws GeneralSecurityException, IOException {
    X500Name issuerName = issuer == null ? new X500Name(subject)
        : new X500Name(issuer.getSubjectX500Principal().getName());
    X509v3CertificateBuilder b = builder(issuerName, new X500Name(subject), keys);
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    if (issuer != null) {
      b.addExtension(Extension.authorityKeyIdentifier, false,
          ext.createAuthorityKeyIdentifier(issuer));
    }
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
        server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
    if (server) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.iPAddress, "::1"),
          new GeneralName(GeneralName.dNSName, "*.test.google.fr"),
      }));
    }
    return sign(b, issuerKeys.getPrivate());
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject,
      KeyPair keys) throws GeneralSecurityException, IOException {
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), // tolerate clock skew
        Date.from(now.plus(Duration.ofDays(2))),
        subject, keys.getPublic());
    b.addExtension(Extension.subjectKeyIdentifier, false,
        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    return b;
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private void writeCert(String name, X509Certificate... chain)
      throws IOException, GeneralSecurityException {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate c : chain) {
      pem.append(pem("CERTIFICATE", c.getEncoded()));
    }
    write(name, pem.toString());
  }

  private void writeKey(String name, PrivateKey key) throws IOException {
    // getEncoded() of a JDK EC key is PKCS#8, the form Netty reads without extra providers.
    write(name, pem("PRIVATE KEY", key.getEncoded()));
  }

  private void write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.US_ASCII);
    p.toFile().deleteOnExit();
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
