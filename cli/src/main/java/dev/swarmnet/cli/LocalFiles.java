package dev.swarmnet.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files {@code put} names, checked before connecting. A name that is not valid UTF-8 (bytes a shell glob
 * passes as they are) reaches Java already changed: the JVM decodes its arguments with U+FFFD for the bad bytes,
 * and that string names no file. Such an argument is found again among its folder's entries (the one entry
 * shown as that string) and given to the library as it is on disk: the library then fails that file alone,
 * saying its name is not valid UTF-8, and sends the others, where "no such file" would stop the whole command.
 */
final class LocalFiles {
    private LocalFiles() {
    }

    /** The files to send, each as it is on disk; a folder is a usage error. */
    static List<Path> resolve(List<Path> files) {
        return resolve(files, false);
    }

    /**
     * The files and (with {@code folders}) folders to send, each as it is on disk, in the order given; a folder
     * without {@code folders} is a usage error that says how to send it.
     */
    static List<Path> resolve(List<Path> files, boolean folders) {
        List<Path> resolved = new ArrayList<>(files.size());
        for (Path f : files) {
            Path file = Files.exists(f) || !f.toString().contains("\uFFFD") ? f : undecodable(f);
            if (Files.isDirectory(file)) {
                if (!folders) {
                    throw new CliException(ExitCodes.USAGE, f + " is a folder: use -r to send it with its tree"
                            + " (or name its files, e.g. " + f + "/*)");
                }
            } else if (!Files.isRegularFile(file)) {
                throw new CliException(ExitCodes.USAGE, "no such file: " + f);
            }
            resolved.add(file);
        }
        return resolved;
    }

    /** The entry beside {@code shown} that the JVM shows as {@code shown}, when there is exactly one; else it. */
    private static Path undecodable(Path shown) {
        Path parent = shown.toAbsolutePath().getParent();
        Path found = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().equals(String.valueOf(shown.getFileName()))) {
                    if (found != null) {
                        return shown; // two entries read alike: which one was meant cannot be told
                    }
                    found = entry;
                }
            }
        } catch (IOException | RuntimeException e) {
            return shown;
        }
        return found != null ? found : shown;
    }
}
