package dev.swarmnet.cli;

import dev.swarmnet.AuthenticationException;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ExistingFiles;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.RemoteException;
import dev.swarmnet.Swarm;
import dev.swarmnet.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a client command reaches its gateway, shared by every command that connects: the connect timeout,
 * TLS (whom to trust, a client certificate) and the shared secret. See docs/COMMAND.md and
 * SECURITY.md.
 */
final class ConnectionOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for the gateway to accept and answer (default: ${DEFAULT-VALUE} s).")
    double connectTimeoutSeconds;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Give up on the operation (a call, a whole stream or transfer) after this long, e.g. 30s,"
                    + " 5m (default: no limit); exit code 124.")
    Duration callTimeout;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Fail when the gateway neither sends nor takes a byte for this long while the command"
                    + " waits on it (0: never; default: 60s); a live gateway that works on a slow request sends"
                    + " keepalives, so this means a dead gateway or path.")
    Duration stallTimeout;

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

    /** A secret typed as an argument: refused at once, saying why (hidden from the help). */
    @Option(names = "--secret", hidden = true, arity = "0..1", paramLabel = "SECRET")
    void secretOnCommandLine(String ignored) {
        throw Secrets.refused(command, "--secret", "--secret-file FILE (chmod 600) or the environment variable "
                + Secrets.SECRET_ENV);
    }

    /** A controller for {@code target}; downloads land in {@code downloadDir}. */
    Controller controller(Target target, Path downloadDir) {
        return controller(target, downloadDir, ExistingFiles.SKIP_UNCHANGED, true);
    }

    /**
     * As {@link #controller(Target, Path)}, doing {@code existing} with files already at their destination;
     * {@code preservePermissions} false for {@code --no-perms}.
     */
    Controller controller(Target target, Path downloadDir, ExistingFiles existing, boolean preservePermissions) {
        return builder(target, downloadDir, existing, preservePermissions).build();
    }

    /**
     * As {@link #controller(Target, Path, ExistingFiles, boolean)} for uploads: a striped upload cut short is
     * continued by the next run ({@link ResumeKeyFile}), unless this user has no place to keep the key.
     */
    Controller uploadController(Target target, ExistingFiles existing, boolean preservePermissions) {
        Controller.Builder builder = builder(target, Path.of("."), existing, preservePermissions);
        Path keyFile = ResumeKeyFile.location();
        if (keyFile != null) {
            try {
                return builder.resumeKeyFile(keyFile).build();
            } catch (UncheckedIOException e) {
                System.err.println("swarmnet: " + e.getMessage() + "; a cut upload will start over");
            }
        }
        return builder.resumeKeyFile(null).build();
    }

    private Controller.Builder builder(Target target, Path downloadDir, ExistingFiles existing,
            boolean preservePermissions) {
        if (!(connectTimeoutSeconds > 0) || connectTimeoutSeconds > 3600) {
            throw new CliException(ExitCodes.USAGE, "--connect-timeout must be above 0 and at most 3600 seconds");
        }
        Controller.Builder builder = Controller.builder()
                .gateway(target.host(), target.port())
                .downloadDir(downloadDir)
                .existingFiles(existing)
                .preservePermissions(preservePermissions)
                .connectTimeout(Duration.ofMillis(Math.max(1, Math.round(connectTimeoutSeconds * 1000))));
        CliException.usageErrors(() -> {
            if (callTimeout != null) {
                builder.callTimeout(callTimeout);
            }
            if (stallTimeout != null) {
                builder.stallTimeout(stallTimeout);
            }
        });
        TlsConfig.Client tlsConfig = tlsConfig();
        if (tlsConfig != null) {
            try {
                builder.tls(tlsConfig);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "TLS: " + e.getMessage(), e);
            }
        }
        byte[] secret = Secrets.sharedSecret(secretFile);
        if (secret != null) {
            try {
                builder.secret(secret);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, Secrets.secretSource(secretFile) + ": " + e.getMessage(), e);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        return builder;
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

    /** One client, or an exit-3 failure that says why not. */
    static Client connect(Controller controller) {
        try {
            return controller.getClient();
        } catch (IOException e) {
            throw cannotConnect(controller, e);
        }
    }

    /**
     * A swarm of {@code n} pairs, or an exit-3 failure that says why not. Unless {@code exact}, a gateway whose
     * pool has fewer free handlers gives what it has (at least one), and a line on stderr says so, starting with
     * {@code command} (null: say nothing, for --quiet): a busy gateway slows the transfer rather than failing it.
     */
    static Swarm swarm(Controller controller, int n, boolean exact, String command) {
        Swarm swarm;
        try {
            swarm = controller.swarm(n, !exact);
        } catch (IOException e) {
            throw cannotConnect(controller, e);
        }
        if (swarm.size() < n && command != null) {
            System.err.println(command + ": the gateway gave " + swarm.size() + " of " + n + " connections (its"
                    + " handler pool has no more free; --exact insists on all " + n + ")");
        }
        return swarm;
    }

    private static CliException cannotConnect(Controller c, IOException e) {
        String where = new Target(c.host(), c.port()).toString();
        if (e instanceof PoolFullException p) {
            return new CliException(ExitCodes.UNREACHABLE, "gateway " + where + " has no free handler (pool full): "
                    + p.remoteMessage(), e);
        }
        if (e instanceof RemoteException r) {
            return new CliException(ExitCodes.UNREACHABLE, "gateway " + where + " refused the connection: "
                    + r.errorCode() + ": " + r.remoteMessage(), e);
        }
        if (e instanceof AuthenticationException || causedBy(e, SSLException.class)) {
            return new CliException(ExitCodes.UNREACHABLE, e.getMessage(), e); // it names the gateway and the reason
        }
        return new CliException(ExitCodes.UNREACHABLE, "cannot connect to " + where + ": " + Failures.message(e), e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
