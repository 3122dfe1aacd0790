package dev.swarmnet;

import java.time.Instant;
import java.util.Objects;

/**
 * One file a gateway lists for a query ({@link Client#listFiles}).
 *
 * @param path     for a folder query, its path relative to the folder ('/'-separated); for a file list, the name
 *                 it would land under
 * @param size     its size in bytes
 * @param modified its modification time
 */
public record ListedFile(String path, long size, Instant modified) {
    /** Neither {@code path} nor {@code modified} may be null. */
    public ListedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modified, "modified");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + size);
        }
    }
}
