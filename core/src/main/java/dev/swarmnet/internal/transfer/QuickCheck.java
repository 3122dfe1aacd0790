package dev.swarmnet.internal.transfer;

import dev.swarmnet.ExistingFiles;
import dev.swarmnet.internal.files.TargetFolders;
import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Whether a file need not be sent because its destination already holds it ({@link ExistingFiles}): rsync's quick
 * check of size and modification time. Times are compared to the millisecond, the precision every side of a
 * transfer has kept; a file system that keeps less (FAT's 2 s) makes files look changed, and they are sent.
 */
final class QuickCheck {
    private QuickCheck() {
    }

    /** Whether a file of {@code size} and {@code mtimeNanos} need not replace a regular file of this size and mtime. */
    static boolean upToDate(ExistingFiles policy, long size, long mtimeNanos, boolean regularFile, long destSize,
            long destMtimeNanos) {
        return switch (policy) {
            case REPLACE -> false;
            case SKIP_EXISTING -> regularFile;
            case SKIP_UNCHANGED -> regularFile && destSize == size
                    && Math.floorDiv(destMtimeNanos, 1_000_000L) == Math.floorDiv(mtimeNanos, 1_000_000L);
        };
    }

    /**
     * The same for a download's destination, reached as the download will write it: one name at a time from the
     * download folder, never through a link; a path the download would refuse is not up to date (it is sent, and
     * refused with the reason).
     */
    static boolean upToDate(ExistingFiles policy, FileEntry entry, TargetFolders folders) {
        if (policy == ExistingFiles.REPLACE) {
            return false;
        }
        try (TargetFolders.Target at = folders.existing("", entry.dest(), 0)) {
            if (at == null) {
                return false;
            }
            BasicFileAttributes a = at.folder().stat(at.name());
            return upToDate(policy, entry.size(), entry.mtimeNanos(), a.isRegularFile(), a.size(),
                    a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (IOException | RuntimeException e) {
            return false; // nothing there, or a path the download refuses: it says why
        }
    }
}
