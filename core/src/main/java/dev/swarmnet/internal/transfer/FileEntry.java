package dev.swarmnet.internal.transfer;

/**
 * One file of a listing: how the gateway names it ({@code source}), where it lands relative to the
 * receiver's folder ({@code dest}, '/'-separated), and the size and modification time it had.
 */
public record FileEntry(String source, String dest, long size, long mtimeMillis) {
}
