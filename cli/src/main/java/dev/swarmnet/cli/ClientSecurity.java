package dev.swarmnet.cli;

import dev.swarmnet.TlsConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The client commands' TLS options (whom to trust, a client certificate) and shared secret. See SECURITY.md. */
final class ClientSecurity extends SecretOptions {
    @Option(names = "--tls", description = "Talk TLS, trusting the JDK's certificate authorities and checking the"
            + " host name. Every --tls-* option implies --tls.")
    boolean tls;

    @Option(names = "--tls-ca", paramLabel = "PEM",
            description = "Trust gateways whose certificate a CA in this PEM file signed (instead of the JDK's CAs);"
                    + " the certificate must name the host dialled.")
    Path tlsCa;

    @Option(names = "--tls-pin", paramLabel = "SHA256",
            description = "Trust exactly the gateway certificate with this SHA-256 fingerprint (64 hex digits, ':'"
                    + " allowed, as 'keytool -printcert -file cert.pem' prints it); repeatable. Needs no CA; checks"
                    + " no host name or dates.")
    List<String> tlsPins = new ArrayList<>();

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "A client certificate (PEM chain, leaf first) for gateways that require one (mutual TLS);"
                    + " with --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM",
            description = "The private key of --tls-cert (unencrypted PKCS#8 PEM).")
    Path tlsKey;

    @Option(names = "--no-hostname-check",
            description = "With TLS: accept any certificate of a trusted CA, also one that does not name the host"
                    + " dialled (for deployments that dial IP addresses their certificates do not carry).")
    boolean noHostnameCheck;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Prove the gateway's shared secret: this file's bytes, exactly (default: the environment"
                    + " variable " + Secrets.SECRET_ENV + ", as UTF-8). Never the secret itself as an argument: ps"
                    + " shows arguments to every user.")
    Path secretFile;

    @Override
    Path secretFile() {
        return secretFile;
    }

    /** The TLS configuration the options ask for; null for plain TCP. */
    TlsConfig.Client tlsConfig() {
        boolean anyTls = tls || tlsCa != null || !tlsPins.isEmpty() || tlsCert != null || tlsKey != null;
        if (!anyTls) {
            if (noHostnameCheck) {
                throw new CliException(ExitCodes.USAGE, "--no-hostname-check applies to TLS: add --tls or --tls-ca PEM");
            }
            return null;
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new CliException(ExitCodes.USAGE, "--tls-cert and --tls-key go together: a client certificate and"
                    + " its private key");
        }
        TlsConfig.Client config = TlsConfig.client();
        try {
            if (tlsCa != null) {
                config = config.trustCertificates(tlsCa);
            }
            for (String pin : tlsPins) {
                config = config.pinSha256(pin);
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--tls-pin: " + e.getMessage(), e);
        }
        if (tlsCert != null) {
            config = config.clientCertificate(tlsCert, tlsKey);
        }
        return noHostnameCheck ? config.hostnameVerification(false) : config;
    }
}
