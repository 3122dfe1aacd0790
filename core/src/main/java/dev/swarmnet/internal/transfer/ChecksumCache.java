package dev.swarmnet.internal.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The checksums of large ranges the gateway has sent, by the version of the file they were read from, so a
 * range sent again (the same file to the next client, or the next swarm) goes by sendfile alone. On two
 * cores the checksum pass (a copy of every byte out of the page cache) took a third of the CPU of moving a
 * large file.
 *
 * <p>A version is what the kernel reports: device, inode, size, mtime and ctime. Every write, truncation or
 * {@code utimes} sets ctime to the current time, and nothing short of moving the system clock can set it
 * back, so a file with the same version has the same bytes. Two rules keep that true where timestamps are
 * coarse (a write within the same clock tick as the one before leaves ctime as it was):
 * <ul>
 *   <li>a checksum is kept only if the version seen before reading it is the version seen after, and</li>
 *   <li>only if that ctime was at least {@link #SETTLED_MILLIS} older than the moment the first look was taken
 *       (as git treats "racily clean" index entries): a write during the read would have given a newer
 *       ctime.</li>
 * </ul>
 * Nothing here is trusted blindly: the receiver still verifies every byte, so a wrong checksum could only make
 * a range fail, never let a wrong byte through; and a client retrying a range after a mismatch asks with
 * {@code FILE_REGET}, which reads the file afresh and replaces what was kept. Thread-safe; at most
 * {@code maxRanges} checksums are kept, the least recently used going first.
 */
public final class ChecksumCache {
    /** How old a file's last change must be before a checksum of it is kept. */
    static final long SETTLED_MILLIS = 1_000;
    /** Enough for 32 GiB of files striped into the default 8 MiB ranges, in well under a megabyte. */
    public static final int DEFAULT_RANGES = 4_096;
    private static final String VERSION_ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime,fileKey";

    /** A file's identity and last change, as stat reports them; equal versions have equal bytes. */
    record Version(long device, long inode, long size, long mtimeNanos, long ctimeNanos) {
    }

    /** A range of one version of a file. */
    record Key(Version version, long offset, long length) {
    }

    /**
     * One range about to be sent: the file's path and identity, its version when it was looked up (null when this
     * platform reports no ctime, or the path no longer leads to the file being sent) and the checksum kept for
     * it, if any.
     */
    public record Lookup(Path file, Object fileKey, Key key, long lookedAtMillis, Integer known) {
    }

    private static final ChecksumCache NONE = new ChecksumCache(0, System::currentTimeMillis);

    private final int maxRanges;
    private final LongSupplier wallClockMillis;
    private final Map<Key, Integer> checksums;

    /** A cache that keeps nothing (the client's side, whose files are seldom sent twice). */
    public static ChecksumCache none() {
        return NONE;
    }

    public ChecksumCache(int maxRanges) {
        this(maxRanges, System::currentTimeMillis);
    }

    ChecksumCache(int maxRanges, LongSupplier wallClockMillis) {
        if (maxRanges < 0) {
            throw new IllegalArgumentException("maxRanges must not be negative, got " + maxRanges);
        }
        this.maxRanges = maxRanges;
        this.wallClockMillis = wallClockMillis;
        this.checksums = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Integer> eldest) {
                return size() > ChecksumCache.this.maxRanges;
            }
        };
    }

    /**
     * Looks up a range of {@code file} before it is sent. The file is sent from a handle opened relative to its
     * folder, while ctime can only be read by path: the path's version counts only if it names the same file
     * ({@code fileKey}, device and inode, as the handle's stat gave it). With {@code reread} (a retry after a
     * mismatch) any kept checksum is ignored, and the one read now replaces it.
     */
    public Lookup lookUp(Path file, Object fileKey, long offset, long length, boolean reread) {
        long now = wallClockMillis.getAsLong(); // before the stat: see the class comment
        Version version = maxRanges == 0 ? null : version(file, fileKey);
        if (version == null) {
            return new Lookup(file, fileKey, null, now, null);
        }
        Key key = new Key(version, offset, length);
        Integer known = null;
        if (!reread) {
            synchronized (checksums) {
                known = checksums.get(key);
            }
        }
        return new Lookup(file, fileKey, key, now, known);
    }

    /** Whether the file still has the version it had when looked up (false when that is unknown). */
    public boolean unchangedSince(Lookup lookup) {
        return lookup.key() != null && lookup.key().version().equals(version(lookup.file(), lookup.fileKey()));
    }

    /**
     * Keeps the checksum read for a looked-up range, if the file kept its version throughout and had not
     * changed for {@link #SETTLED_MILLIS} before the look.
     */
    public void remember(Lookup lookup, int checksum) {
        Key key = lookup.key();
        if (key == null) {
            return;
        }
        long settledBefore = TimeUnit.MILLISECONDS.toNanos(lookup.lookedAtMillis() - SETTLED_MILLIS);
        if (key.version().ctimeNanos() >= settledBefore || !unchangedSince(lookup)) {
            return;
        }
        synchronized (checksums) {
            checksums.put(key, checksum);
        }
    }

    /** How many checksums are kept now. */
    int size() {
        synchronized (checksums) {
            return checksums.size();
        }
    }

    /**
     * The file's version, or null when it cannot be read, this platform has no ctime (Windows), or the path leads
     * to another file than {@code fileKey} (null: any).
     */
    static Version version(Path file, Object fileKey) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, VERSION_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
        if (!(a.get("ctime") instanceof FileTime ctime) || !(a.get("lastModifiedTime") instanceof FileTime mtime)
                || !(a.get("dev") instanceof Long device) || !(a.get("ino") instanceof Long inode)
                || !(a.get("size") instanceof Long size)) {
            return null;
        }
        if (fileKey != null && !fileKey.equals(a.get("fileKey"))) {
            return null;
        }
        return new Version(device, inode, size, mtime.to(TimeUnit.NANOSECONDS), ctime.to(TimeUnit.NANOSECONDS));
    }
}
