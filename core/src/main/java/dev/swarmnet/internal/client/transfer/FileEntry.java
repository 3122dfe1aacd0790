package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.internal.files.FileModes;

/**
 * One file of a listing: how the gateway names it ({@code source}), where it lands relative to the
 * receiver's folder ({@code dest}, '/'-separated), and the size, modification time (nanoseconds since the
 * epoch) and permission bits ({@link FileModes}; {@link FileModes#NONE}: the receiver's default) it had.
 */
public record FileEntry(String source, String dest, long size, long mtimeNanos, int mode) {
    /** A file whose permission bits do not travel. */
    public FileEntry(String source, String dest, long size, long mtimeNanos) {
        this(source, dest, size, mtimeNanos, FileModes.NONE);
    }
}
