package dev.swarmnet.cli;

import dev.swarmnet.ExistingFiles;
import picocli.CommandLine.Option;

/** What get and put do with a file already at its destination (rsync's quick check by default), and dry runs. */
final class ExistingOptions {
    @Option(names = "--ignore-existing",
            description = "Never replace a file already at the destination, whatever it holds.")
    boolean ignoreExisting;

    @Option(names = "--overwrite",
            description = "Send every file, also one already at the destination with the same size and"
                    + " modification time (by default those are skipped and counted as unchanged).")
    boolean overwrite;

    @Option(names = {"-n", "--dry-run"},
            description = "List what would move (after the checks above) and move nothing.")
    boolean dryRun;

    ExistingFiles policy() {
        if (ignoreExisting && overwrite) {
            throw new CliException(ExitCodes.USAGE, "--ignore-existing and --overwrite contradict each other");
        }
        return ignoreExisting ? ExistingFiles.SKIP_EXISTING
                : overwrite ? ExistingFiles.REPLACE : ExistingFiles.SKIP_UNCHANGED;
    }
}
