package dev.swarmnet.security;

import dev.swarmnet.testkit.TestPki;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.internal.tls.Pem;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import org.junit.jupiter.api.Test;

/** The hand-written PEM reader, on keys written by OpenSSL (test resources) and certificates by keytool. */
class PemTest {
    @Test
    void anRsaKeyReadsTheSameAsPkcs8AndAsPkcs1() throws Exception {
        RSAPrivateCrtKey pkcs8 = (RSAPrivateCrtKey) Pem.privateKey(resource("rsa-pkcs8.pem"));
        RSAPrivateCrtKey pkcs1 = (RSAPrivateCrtKey) Pem.privateKey(resource("rsa-pkcs1.pem"));
        assertThat(pkcs1.getModulus()).isEqualTo(pkcs8.getModulus());
        assertThat(pkcs1.getPrivateExponent()).isEqualTo(pkcs8.getPrivateExponent());
    }

    @Test
    void anEcKeyReadsTheSameAsPkcs8AndAsSec1() throws Exception {
        ECPrivateKey pkcs8 = (ECPrivateKey) Pem.privateKey(resource("ec-pkcs8.pem"));
        ECPrivateKey sec1 = (ECPrivateKey) Pem.privateKey(resource("ec-sec1.pem"));
        assertThat(sec1.getS()).isEqualTo(pkcs8.getS());
        assertThat(sec1.getParams().getCurve()).isEqualTo(pkcs8.getParams().getCurve());
    }

    @Test
    void encryptedKeysAreRefusedWithTheCommandThatConvertsThem() {
        assertThatThrownBy(() -> Pem.privateKey(resource("ec-encrypted.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted")
                .hasMessageContaining("openssl pkey");
        assertThatThrownBy(() -> Pem.privateKey(resource("rsa-pkcs1-encrypted.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openssl pkey");
    }

    @Test
    void keysAndChainsWrittenFromKeytoolsStoresRead() {
        TestPki pki = TestPki.get();
        PrivateKey rsa = Pem.privateKey(pki.server.keyPem());
        assertThat(rsa.getAlgorithm()).isEqualTo("RSA");
        assertThat(Pem.privateKey(pki.ec.keyPem()).getAlgorithm()).isEqualTo("EC");
        assertThat(Pem.certificates(pki.server.chainPem())).hasSize(2);
        assertThat(Pem.certificates(pki.server.chainPem()).get(0).getSubjectX500Principal().getName())
                .isEqualTo("CN=localhost");
    }

    @Test
    void garbageIsRefusedClearly() {
        TestPki pki = TestPki.get();
        Path notPem = pki.write("not.pem", "hello");
        assertThatThrownBy(() -> Pem.privateKey(notPem)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PEM file");
        Path badBase64 = pki.write("bad.pem", "-----BEGIN PRIVATE KEY-----\n@@@@\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Pem.privateKey(badBase64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64");
        Path openssh = pki.write("openssh.pem", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Pem.privateKey(openssh)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl pkey");
        assertThatThrownBy(() -> Pem.certificates(pki.server.keyPem())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no PEM certificate");
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PemTest.class.getResource(name).toURI());
    }
}
