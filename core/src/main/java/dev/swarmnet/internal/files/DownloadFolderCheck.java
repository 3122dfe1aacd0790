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

    /**
     * Why files cannot be written into a download folder.
     *
     * @param reason what is wrong, without a path, as a sentence about the folder ("is not writable"): reply
     *               texts never name a path of the gateway's host
     * @param where  the path that stands in the way (the folder, or the first one on its way that exists)
     */
    public record Problem(String reason, Path where) {
        /** For the host's own log: the reason with the path. */
        public String logged() {
            return where + ": " + reason;
        }
    }

    /** Why files cannot be written into {@code folder}, or null. */
    public static Problem problem(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (!NameEncoding.isUtf8()) {
            return new Problem("this JVM maps file names through " + NameEncoding.current() + ", not UTF-8: run it"
                    + " with a UTF-8 locale, e.g. LC_ALL=C.UTF-8", absolute);
        }
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                return new Problem("it is not a folder", absolute);
            }
            return Files.isWritable(absolute) ? null : new Problem("it is not writable", absolute);
        }
        for (Path p = absolute.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) || Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(p)) {
                    return new Problem("it cannot be created: a file stands on its path", p);
                }
                return Files.isWritable(p) ? null
                        : new Problem("it cannot be created: a folder on its path is not writable", p);
            }
        }
        return new Problem("it cannot be created", absolute);
    }
}
