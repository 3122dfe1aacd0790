package dev.swarmnet.bench;

import dev.swarmnet.ThreadMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command-line options of {@link Scale} ({@code bench/scale}). */
@Command(name = "bench/scale", sortOptions = false,
        description = "Many clients held at once by one gateway, each with its own handler, called round by drivers.")
final class ScaleOptions extends HarnessOptions {
    @Option(names = "--clients", paramLabel = "N", defaultValue = "2000",
            description = "Clients held at once, each with its own handler (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--threads", paramLabel = "M", defaultValue = "auto",
            description = "The gateway's handler threads: auto, platform or virtual (default auto: virtual above"
                    + " 512 on Java 21+).")
    ThreadMode mode;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "How long the drivers call (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--drivers", paramLabel = "D", defaultValue = "16",
            description = "Threads going round the clients (default ${DEFAULT-VALUE}).")
    int drivers;

    /** Set in the driver process: the gateway's port on 127.0.0.1. */
    @Option(names = "--drive", hidden = true)
    int drivePort;

    @Override
    void check() {
        OptionValues.within("--clients", clients, 1, Integer.MAX_VALUE);
        OptionValues.within("--seconds", seconds, 1, Integer.MAX_VALUE);
        OptionValues.within("--drivers", drivers, 1, Integer.MAX_VALUE);
        OptionValues.within("--drive", drivePort, 0, 65535);
    }
}
