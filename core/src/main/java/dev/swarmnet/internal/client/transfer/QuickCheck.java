package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ExistingFiles;

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
            case SKIP_SAME_CONTENT -> throw new IllegalArgumentException("content is compared by ContentCheck,"
                    + " not by size and time");
        };
    }
}
