package dev.swarmnet.cli;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.RemoteException;
import dev.swarmnet.Swarm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How a client command reaches its gateway; shared by every command that connects. The security
 * options (TLS trust, the shared secret) belong here once the gateway supports them, so every client
 * command gets them at once; see the README's CLI section.
 */
final class ConnectionOptions {
    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for the gateway to accept and answer (default: ${DEFAULT-VALUE} s).")
    double connectTimeoutSeconds;

    /** A controller for {@code target}; downloads land in {@code downloadDir}. */
    Controller controller(Target target, Path downloadDir) {
        if (!(connectTimeoutSeconds > 0) || connectTimeoutSeconds > 3600) {
            throw new CliException(ExitCodes.USAGE, "--connect-timeout must be above 0 and at most 3600 seconds");
        }
        return Controller.builder()
                .gateway(target.host(), target.port())
                .downloadDir(downloadDir)
                .connectTimeout(Duration.ofMillis(Math.max(1, Math.round(connectTimeoutSeconds * 1000))))
                .build();
    }

    /** One client, or an exit-3 failure that says why not. */
    static Client connect(Controller controller) {
        try {
            return controller.getClient();
        } catch (IOException e) {
            throw cannotConnect(controller, e);
        }
    }

    /** A swarm of {@code n} pairs, or an exit-3 failure that says why not. */
    static Swarm swarm(Controller controller, int n) {
        try {
            return controller.swarm(n);
        } catch (IOException e) {
            throw cannotConnect(controller, e);
        }
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
        return new CliException(ExitCodes.UNREACHABLE, "cannot connect to " + where + ": " + Failures.message(e), e);
    }
}
