package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The metadata a transfer carries besides the bytes, as rsync -a does: the permission bits (read, write,
 * execute for user, group and others: {@code mode & 0777}, never setuid, setgid or sticky, which could hand
 * a receiver's privileges to a sender) and the modification time in nanoseconds.
 */
public final class FileModes {
    /** No permission bits: the receiver keeps its default (its umask). On the wire 0xFFFF. */
    public static final int NONE = -1;
    /** The bits that travel. */
    public static final int PERMISSION_BITS = 0777;

    /**
     * What a gateway applies of an uploaded file's bits: never write access for the group or others, whatever
     * the client sends (see SECURITY.md, "Permission bits of uploads").
     */
    public static final int UPLOAD_BITS = 0755;

    /** The attributes to read of a file: with the permission bits where the platform has them. */
    static final Class<? extends BasicFileAttributes> ATTRIBUTES =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? PosixFileAttributes.class : BasicFileAttributes.class;

    /** PosixFilePermission's order is user rwx, group rwx, others rwx: bit 8 - ordinal. */
    private static final PosixFilePermission[] BY_BIT = PosixFilePermission.values();

    private FileModes() {
    }

    /**
     * The permission bits of attributes read while walking or stat'ing (the POSIX attributes the platform
     * returns anyway: no extra system call), or {@link #NONE} where the platform has none.
     */
    public static int of(BasicFileAttributes attrs) {
        return attrs instanceof PosixFileAttributes posix ? bits(posix.permissions()) : NONE;
    }

    public static int bits(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 0400 >> p.ordinal();
        }
        return mode;
    }

    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : BY_BIT) {
            if ((mode & (0400 >> p.ordinal())) != 0) {
                set.add(p);
            }
        }
        return set;
    }

    /** The bits a gateway gives an uploaded file: the client's without group and others write, or none. */
    public static int forUpload(int mode) {
        return mode == NONE ? NONE : mode & UPLOAD_BITS;
    }

    /**
     * The bits a gateway gives an uploaded folder: as {@link #forUpload}, and always full access for its owner, so
     * that the gateway can still place files in it, replace them and clean up after a later upload.
     */
    public static int forUploadedFolder(int mode) {
        return mode == NONE ? NONE : (mode & UPLOAD_BITS) | 0700;
    }

    /**
     * A local file's attributes with its permission bits where the platform has them (one system call, as for
     * the basic attributes), following links as a named file is.
     */
    public static BasicFileAttributes readLocal(Path file) throws IOException {
        return Files.readAttributes(file, ATTRIBUTES);
    }

    /** Whether {@code mode} is a valid value of a mode field: permission bits only, or {@link #NONE}. */
    public static boolean isValid(int mode) {
        return mode == NONE || (mode & ~PERMISSION_BITS) == 0;
    }

    /** A modification time in nanoseconds since the epoch (saturated beyond the years 1677..2262). */
    public static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    public static FileTime time(long nanos) {
        return FileTime.from(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The bits a receiver creates a file with for a wanted {@code mode}: the mode itself, plus the owner's read bit
     * (setting the file's time opens it for reading); {@link #NONE} for the receiver's default.
     */
    public static int creationMode(int mode) {
        return mode == NONE ? NONE : (mode & PERMISSION_BITS) | 0400;
    }

    /**
     * Whether a file created with {@link #creationMode} still needs a chmod to get {@code mode}: when the creation
     * added the owner's read bit, or this process's umask took bits away. Saves three system calls a file in the
     * common case (umask 022, modes such as 0644 and 0755).
     */
    public static boolean needsChmod(int mode) {
        if (mode == NONE) {
            return false;
        }
        int bits = mode & PERMISSION_BITS;
        return creationMode(mode) != bits || (bits & Umask.VALUE) != 0;
    }

    /** This process's umask, read once (Linux: /proc/self/status); unknown counts as every bit, so chmod always. */
    private static final class Umask {
        static final int VALUE = read();

        private static int read() {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                    if (line.startsWith("Umask:")) {
                        return Integer.parseInt(line.substring("Umask:".length()).trim(), 8) & PERMISSION_BITS;
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux, or an old kernel
            }
            return PERMISSION_BITS;
        }
    }
}
