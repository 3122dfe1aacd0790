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
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import picocli.CommandLine.ArgGroup;

/**
 * How a client command reaches its gateway, shared by every command that connects: the timeouts, and
 * TLS (whom to trust, a client certificate) and the shared secret. Each is a group with its own heading in
 * the help, after the command's own options. See docs/COMMAND.md and SECURITY.md.
 */
final class ConnectionOptions {
    @ArgGroup(validate = false, heading = Timeouts.HEADING, order = Timeouts.ORDER)
    Timeouts timeouts = new Timeouts();

    @ArgGroup(validate = false, heading = SecretOptions.HEADING, order = SecretOptions.ORDER)
    ClientSecurity security = new ClientSecurity();

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
        Controller.Builder builder = Controller.builder()
                .gateway(target.host(), target.port())
                .downloadDir(downloadDir)
                .existingFiles(existing)
                .preservePermissions(preservePermissions);
        timeouts.apply(builder);
        TlsConfig.Client tlsConfig = security.tlsConfig();
        if (tlsConfig != null) {
            try {
                builder.tls(tlsConfig);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "TLS: " + e.getMessage(), e);
            }
        }
        security.applySecret(builder::secret);
        return builder;
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
        if (e instanceof UnknownHostException) { // its message may be null: the host is known here
            return new CliException(ExitCodes.UNREACHABLE, "cannot connect to " + where + ": unknown host "
                    + c.host(), e);
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
