package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.h2.netty.TestCerts;
import dev.sluice.h2.netty.TlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TLS options against servers with a certificate from a test CA and a self-signed one. */
@Timeout(60)
class CliTlsTest {

  private static final TestCerts CERTS = TestCerts.shared();

  private static ShopServer selfSigned() throws Exception {
    return new ShopServer(ShopServer.Reflection.BOTH, TlsConfig.forServer(
        CERTS.selfSignedServerCert(), CERTS.selfSignedServerKey()).build());
  }

  @Test
  void insecure_selfSignedServer_healthAndListWork() throws Exception {
    try (ShopServer server = selfSigned()) {
      assertThat(Cli.run("health", server.target(), "--insecure"))
          .isEqualTo(new Cli(0, "SERVING\n", ""));
      Cli list = Cli.run("list", server.target(), "--insecure");
      assertThat(list.exitCode()).as(list.err()).isZero();
      assertThat(list.out()).contains("sluice.cli.test.Shop\n");
    }
  }

  @Test
  void tls_selfSignedServerWithoutInsecure_failsUnavailable() throws Exception {
    try (ShopServer server = selfSigned()) {
      Cli health = Cli.run("health", server.target(), "--cacert", CERTS.caCert().toString());

      assertThat(health.exitCode()).isEqualTo(10 + 14);
      assertThat(health.err()).startsWith("ERROR: UNAVAILABLE");
    }
  }

  @Test
  void cacert_serverFromThatCa_works() throws Exception {
    try (ShopServer server = new ShopServer(ShopServer.Reflection.BOTH,
        CERTS.server().build())) {
      assertThat(Cli.run("health", server.target(), "--cacert", CERTS.caCert().toString()))
          .isEqualTo(new Cli(0, "SERVING\n", ""));
    }
  }

  @Test
  void insecure_withPlaintextOrCacert_isALocalError() {
    Cli plaintext = Cli.run("health", "127.0.0.1:1", "--insecure", "--plaintext");
    assertThat(plaintext.exitCode()).isEqualTo(1);
    assertThat(plaintext.err()).contains("--plaintext cannot go with").contains("--insecure");

    Cli cacert = Cli.run("health", "127.0.0.1:1", "--insecure", "--cacert",
        CERTS.caCert().toString());
    assertThat(cacert.exitCode()).isEqualTo(1);
    assertThat(cacert.err()).contains("--insecure cannot go with --cacert");
  }
}
