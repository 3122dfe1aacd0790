package dev.swarmnet.cli;

import dev.swarmnet.ExistingFiles;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--checksum",
            description = "Skip a file only if the destination holds the same bytes (same size and CRC32C of the"
                    + " whole file), whatever its modification time, which it then takes; both sides read every"
                    + " file of the same size (rsync's --checksum).")
    boolean checksum;

    @Option(names = {"-n", "--dry-run"},
            description = "List what would move (after the checks above) and move nothing.")
    boolean dryRun;

    ExistingFiles policy() {
        List<String> named = new ArrayList<>();
        if (ignoreExisting) {
            named.add("--ignore-existing");
        }
        if (overwrite) {
            named.add("--overwrite");
        }
        if (checksum) {
            named.add("--checksum");
        }
        if (named.size() > 1) {
            throw new CliException(ExitCodes.USAGE, String.join(" and ", named)
                    + " contradict each other: name at most one");
        }
        return ignoreExisting ? ExistingFiles.SKIP_EXISTING
                : overwrite ? ExistingFiles.REPLACE
                : checksum ? ExistingFiles.SKIP_SAME_CONTENT : ExistingFiles.SKIP_UNCHANGED;
    }
}
