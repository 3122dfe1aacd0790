package dev.swarmnet.cli;

import dev.swarmnet.Controller;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long a client command waits: to connect, for the whole operation, on a silent gateway. */
final class Timeouts {
    /** The heading and place in the help of the group these options are declared in: after the command's own. */
    static final String HEADING = "%nConnection:%n";
    static final int ORDER = 1;

    private static final Duration MOST_CONNECT = Duration.ofHours(1);

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10",
            converter = Units.DurationConverter.class,
            description = "How long to wait for the gateway to accept and answer: seconds (2, 0.5) or with a unit"
                    + " (500ms, 2s, 1m); above 0, at most 1h (default: ${DEFAULT-VALUE} s).")
    Duration connect;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Give up on the operation (a call, a whole stream or transfer) after this long: seconds"
                    + " or with a unit, e.g. 30, 30s, 5m (default: no limit); exit code 124.")
    Duration call;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Fail when the gateway neither sends nor takes a byte for this long while the command"
                    + " waits on it (seconds or with a unit; 0: never; default: 60s); a live gateway that works on a"
                    + " slow request sends keepalives, so this means a dead gateway or path.")
    Duration stall;

    /** Sets the timeouts given on {@code builder}; a usage error for one out of range. */
    void apply(Controller.Builder builder) {
        if (connect.isZero() || connect.compareTo(MOST_CONNECT) > 0) {
            throw new CliException(ExitCodes.USAGE, "--connect-timeout must be above 0 and at most 1h");
        }
        builder.connectTimeout(connect);
        CliException.usageErrors(() -> {
            if (call != null) {
                builder.callTimeout(call);
            }
            if (stall != null) {
                builder.stallTimeout(stall);
            }
        });
    }
}
