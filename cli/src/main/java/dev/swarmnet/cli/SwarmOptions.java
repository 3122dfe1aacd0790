package dev.swarmnet.cli;

import dev.swarmnet.Controller;
import dev.swarmnet.Swarm;
import picocli.CommandLine.Option;

/** {@code -c N} and {@code --exact}: how many connections a transfer (get, put) spreads over. */
final class SwarmOptions {
    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "1",
            description = "Connections to use (default: ${DEFAULT-VALUE}); above 1 a swarm. A gateway with fewer free"
                    + " handlers gives what it has, and stderr says so; see --exact.")
    int count;

    @Option(names = "--exact", description = "With -c N: fail (exit 3) unless the gateway gives all N connections.")
    boolean exact;

    /** A usage error for fewer than one connection. */
    void check() {
        if (count < 1) {
            throw new CliException(ExitCodes.USAGE, "-c needs at least 1 connection, got " + count);
        }
    }

    /** Whether one connection (a client, not a swarm) does the transfer. */
    boolean single() {
        return count == 1;
    }

    /**
     * The swarm of {@code -c N} connections, or (without --exact) the fewer a busy gateway gives: a line on
     * stderr starting with {@code command} says so, unless -q.
     */
    Swarm open(Controller controller, Verbosity out, String command) {
        return ConnectionOptions.swarm(controller, count, exact, out.quiet ? null : command);
    }
}
