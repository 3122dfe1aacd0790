package dev.swarmnet.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The folder {@code get -o} writes into, checked before connecting: a destination that is a file, cannot be
 * created or is not writable is one usage error naming that path, not a failure of every file (each naming the
 * hidden temporary it could not create) after the gateway has listed and sent them. Nothing is created here.
 * Writability is the system's access check, which grants root everything but a read-only file system: as root
 * only "is a file" and "a file on its path" can happen.
 */
final class OutputFolder {
    private OutputFolder() {
    }

    /** @throws CliException (usage, exit 2) saying why files cannot land in {@code folder} */
    static void check(Path folder) {
        String problem = problem(folder);
        if (problem != null) {
            throw new CliException(ExitCodes.USAGE, "-o " + folder + ": " + problem);
        }
    }

    /** Why files cannot be written into {@code folder}, naming the real path in the way; null when they can. */
    static String problem(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                return absolute + " is a file, not a folder";
            }
            return Files.isWritable(absolute) ? null : "the folder " + absolute + " is not writable";
        }
        for (Path p = absolute.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) || Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(p)) {
                    return "cannot create " + absolute + ": " + p + " is a file, not a folder";
                }
                return Files.isWritable(p) ? null : "cannot create " + absolute + ": " + p + " is not writable";
            }
        }
        return "cannot create " + absolute;
    }
}
