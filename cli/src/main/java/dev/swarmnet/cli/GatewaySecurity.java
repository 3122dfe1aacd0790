package dev.swarmnet.cli;

import dev.swarmnet.Gateway;
import dev.swarmnet.TlsConfig;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** The gateway's TLS options (its certificate, client certificates it requires) and shared secret. See SECURITY.md. */
final class GatewaySecurity extends SecretOptions {
    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Serve TLS with this certificate chain (PEM: the gateway's certificate first, then any"
                    + " intermediates); with --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM",
            description = "The private key of --tls-cert (unencrypted PKCS#8 PEM, RSA, EC or EdDSA; chmod 600).")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "P12",
            description = "Serve TLS with the certificate and key of this PKCS#12 store instead; its password from"
                    + " --tls-keystore-password-file or the environment variable " + Secrets.KEYSTORE_PASSWORD_ENV
                    + ".")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
            description = "A file whose first line is the password of --tls-keystore.")
    Path tlsKeystorePasswordFile;

    @Option(names = "--tls-client-ca", paramLabel = "PEM",
            description = "Mutual TLS: accept only clients presenting a certificate signed by a CA in this PEM file"
                    + " (swarmnet ... --tls-cert/--tls-key).")
    Path tlsClientCa;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Require every client to prove it knows this shared secret: the file's bytes, exactly"
                    + " (e.g. head -c 32 /dev/urandom > secret; chmod 600). Default: the environment variable "
                    + Secrets.SECRET_ENV + " (UTF-8), if set. Never the secret itself as an argument.")
    Path secretFile;

    /** A key store password typed as an argument: refused as a secret is. */
    @Option(names = "--tls-keystore-password", hidden = true, arity = "0..1", paramLabel = "PASSWORD")
    void keyStorePasswordOnCommandLine(String ignored) {
        throw Secrets.refused(command, "--tls-keystore-password", "--tls-keystore-password-file FILE or the"
                + " environment variable " + Secrets.KEYSTORE_PASSWORD_ENV);
    }

    @Override
    Path secretFile() {
        return secretFile;
    }

    /** Whether the gateway requires client certificates. */
    boolean clientCertificates() {
        return tlsClientCa != null;
    }

    /** Configures TLS from the options; whether it is on. */
    boolean applyTls(Gateway.Builder builder) {
        boolean pem = tlsCert != null || tlsKey != null;
        if (pem && tlsKeystore != null) {
            throw new CliException(ExitCodes.USAGE, "the gateway's certificate comes from --tls-cert/--tls-key or from"
                    + " --tls-keystore, not both");
        }
        if (pem && (tlsCert == null || tlsKey == null)) {
            throw new CliException(ExitCodes.USAGE, "--tls-cert and --tls-key go together: the gateway's certificate"
                    + " chain and its private key");
        }
        if (tlsKeystorePasswordFile != null && tlsKeystore == null) {
            throw new CliException(ExitCodes.USAGE, "--tls-keystore-password-file is the password of --tls-keystore,"
                    + " which is missing");
        }
        if (!pem && tlsKeystore == null) {
            if (tlsClientCa != null) {
                throw new CliException(ExitCodes.USAGE, "--tls-client-ca needs TLS: --tls-cert PEM --tls-key PEM, or"
                        + " --tls-keystore P12");
            }
            return false;
        }
        TlsConfig.Server config;
        char[] password = null;
        if (pem) {
            config = TlsConfig.server().certificateChain(tlsCert).privateKey(tlsKey);
        } else {
            password = Secrets.keyStorePassword(tlsKeystorePasswordFile);
            config = TlsConfig.server().keyStore(tlsKeystore, password);
        }
        if (tlsClientCa != null) {
            config = config.requireClientCertificates(tlsClientCa);
        }
        try {
            builder.tls(config);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "TLS: " + e.getMessage(), e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        return true;
    }
}
