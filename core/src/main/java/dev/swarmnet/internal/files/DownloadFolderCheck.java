package dev.swarmnet.internal.files;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whether files can be written into a download folder, asked before any is: a folder that is a file, that
 * cannot be created (a file stands on its path) or that is not writable would otherwise show only when the
 * first file arrives, as a failure of that transfer. Nothing is created here, and nothing is promised: the
 * folder may change afterwards, and each write still reports its own failure. Writability is the system's
 * access check, which grants root everything but a read-only file system.
 */
public final class DownloadFolderCheck {
    private DownloadFolderCheck() {
    }

    /** Why files cannot be written into {@code folder} (naming it or the path that stands in the way), or null. */
    public static String problem(Path folder) {
        if (!NameEncoding.isUtf8()) {
            return "this JVM maps file names through " + NameEncoding.current() + ", not UTF-8: run it with a UTF-8"
                    + " locale, e.g. LC_ALL=C.UTF-8";
        }
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                return absolute + " is not a folder";
            }
            return Files.isWritable(absolute) ? null : absolute + " is not writable";
        }
        for (Path p = absolute.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    return absolute + " cannot be created: " + p + " is not a folder";
                }
                return Files.isWritable(p) ? null : absolute + " cannot be created: " + p + " is not writable";
            }
        }
        return absolute + " cannot be created";
    }
}
