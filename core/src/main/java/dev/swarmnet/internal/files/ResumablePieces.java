package dev.swarmnet.internal.files;

import dev.swarmnet.internal.wire.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The two files a resumable (striped) upload leaves beside its target while it is received: the data, written
 * in place, and the log of its verified ranges. Their names are derived from the target's name and the
 * client's upload id, so a restarted gateway finds them again when the same upload comes back, and from
 * nothing else a client could forge: without the id there is no name to ask for.
 *
 * <p>The id itself is hashed into the name (SHA-256, 128 bits kept) so that listing the folder does not reveal
 * it: the id is what lets a client resume, it must not be readable off the disk. Both names are hidden
 * temporary names ({@code .<name>.<hash>.upload.swarmnet-part} and {@code ...ranges.swarmnet-part}): downloads
 * skip them and no upload may take them.
 */
public final class ResumablePieces {
    private static final String DATA_MARK = ".upload" + UploadTarget.TEMPORARY_SUFFIX;
    private static final String LOG_MARK = ".ranges" + UploadTarget.TEMPORARY_SUFFIX;
    private static final String DOWNLOAD_MARK = ".download" + UploadTarget.TEMPORARY_SUFFIX;
    private static final String DOWNLOAD_LOG_MARK = ".download-ranges" + UploadTarget.TEMPORARY_SUFFIX;
    /** Room for ".", ".", 32 hex digits and the longer mark within the 255-byte name limit. */
    private static final int NAME_PART_BYTES = 180;
    /** The most a piece's name adds to its target's name: ".", ".", 32 hex digits and the mark. */
    public static final int EXTRA_BYTES = 2 + 32 + DATA_MARK.length();
    private static final byte[] CONTEXT = "swarmnet resumable upload v1".getBytes(StandardCharsets.US_ASCII);

    private ResumablePieces() {
    }

    /** The data file of upload {@code uploadId} of {@code target}. */
    public static Path dataFor(Path target, long uploadId) {
        Objects.requireNonNull(target, "target");
        Path name = target.getFileName();
        Path parent = target.getParent();
        if (name == null || parent == null) {
            throw new IllegalArgumentException("target needs a parent folder and a name, got " + target);
        }
        String base = Utf8.prefix(name.toString(), NAME_PART_BYTES);
        return parent.resolve("." + base + "." + hash(name.toString(), uploadId) + DATA_MARK);
    }

    /**
     * The name of the partial file a download of {@code name} keeps beside it to resume from: fixed, so that the
     * next run of the same download finds it; with a hash of the whole name, since long names are cut.
     */
    public static String downloadDataName(String name) {
        return downloadName(name, DOWNLOAD_MARK);
    }

    /** The name of the log of verified ranges that goes with {@link #downloadDataName(String)}. */
    public static String downloadLogName(String name) {
        return downloadName(name, DOWNLOAD_LOG_MARK);
    }

    private static String downloadName(String name, String mark) {
        Objects.requireNonNull(name, "name");
        return "." + Utf8.prefix(name, NAME_PART_BYTES) + "." + hash(name, 0).substring(0, 8) + mark;
    }

    /** The range log that belongs to {@code data}. */
    public static Path logFor(Path data) {
        String name = data.getFileName().toString();
        return data.resolveSibling(name.substring(0, name.length() - DATA_MARK.length()) + LOG_MARK);
    }

    /** Whether {@code path} is the data or the log of a resumable upload. */
    public static boolean isPiece(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".")
                && (name.toString().endsWith(DATA_MARK) || name.toString().endsWith(LOG_MARK));
    }

    /** The data file of a piece ({@code piece} itself when it is the data). */
    public static Path dataOf(Path piece) {
        String name = piece.getFileName().toString();
        if (name.endsWith(DATA_MARK)) {
            return piece;
        }
        return piece.resolveSibling(name.substring(0, name.length() - LOG_MARK.length()) + DATA_MARK);
    }

    /**
     * When the upload last made progress: the newer modification time of its two files (each verified range
     * writes both); -1 when one of them is missing, since half a pair can never be resumed.
     */
    public static long lastProgressMillis(Path data) throws IOException {
        try {
            long d = Files.getLastModifiedTime(data, LinkOption.NOFOLLOW_LINKS).toMillis();
            long l = Files.getLastModifiedTime(logFor(data), LinkOption.NOFOLLOW_LINKS).toMillis();
            return Math.max(d, l);
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /** Deletes both files of the upload (links are deleted, never followed); true if either existed. */
    public static boolean deletePair(Path data) throws IOException {
        boolean log = Files.deleteIfExists(logFor(data));
        return Files.deleteIfExists(data) | log;
    }

    private static String hash(String name, long uploadId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(CONTEXT);
            sha.update((byte) 0);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            for (int shift = 56; shift >= 0; shift -= 8) {
                sha.update((byte) (uploadId >>> shift));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
