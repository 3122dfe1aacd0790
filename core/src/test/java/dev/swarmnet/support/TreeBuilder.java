package dev.swarmnet.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the folder trees of file-transfer tests: files of given sizes with deterministic contents and distinct
 * millisecond mtimes, modes (setuid included), nanosecond times, links with times of their own, special files
 * and names that are not UTF-8. {@link FileTrees} reads such trees back.
 */
public final class TreeBuilder {
    /** 2020-09-13T12:26:40.123Z: mtimes carry milliseconds so that "mtime kept" means to the millisecond. */
    public static final long BASE_MTIME_MILLIS = 1_600_000_000_123L;
    public static final int KIB = 1024;
    public static final int MIB = 1024 * 1024;

    private final AtomicInteger filesWritten = new AtomicInteger();

    /**
     * Writes {@code size} deterministic pseudo-random bytes (seeded by {@code name}) to {@code dir/name},
     * creating folders, and gives it a distinct mtime with milliseconds.
     */
    public Path write(Path dir, String name, int size) {
        return write(dir.resolve(name), contents(name, size));
    }

    /** Writes {@code bytes} to {@code file} (folders created) and gives it a distinct mtime. */
    public Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            Files.setLastModifiedTime(file, FileTime.fromMillis(nextMtimeMillis()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes {@link #write(Path, String, int)} writes for {@code name}. */
    public static byte[] contents(String name, int size) {
        byte[] bytes = new byte[size];
        new Random(name.hashCode() * 31L + size).nextBytes(bytes);
        return bytes;
    }

    /**
     * Writes {@code size} pseudo-random bytes (from {@code seed}) over {@code file} from position 0, in 1 MiB
     * writes, without truncating or re-creating it (so a reader that has it open sees the new bytes: an
     * in-place modification). Returns the SHA-256 of the bytes written.
     */
    public static String writeInPlace(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Random random = new Random(seed);
        byte[] chunk = new byte[MIB];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (long at = 0; at < size; at += chunk.length) {
                int n = (int) Math.min(chunk.length, size - at);
                random.nextBytes(chunk);
                md.update(chunk, 0, n);
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
                while (b.hasRemaining()) {
                    out.write(b, at + n - b.remaining());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A large file written with {@link #writeInPlace} and given a distinct past mtime; returns its SHA-256. */
    public String writeLarge(Path file, long size, long seed) throws IOException {
        String digest = writeInPlace(file, size, seed);
        Files.setLastModifiedTime(file, FileTime.fromMillis(nextMtimeMillis()));
        return digest;
    }

    /** {@code count} files of 1..maxSize bytes named {@code prefix0000.bin}..., deterministic. */
    public List<Path> manyFiles(Path dir, String prefix, int count, int maxSize) {
        Random sizes = new Random(count * 7919L + maxSize);
        List<Path> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            files.add(write(dir, String.format("%s%04d.bin", prefix, i), 1 + sizes.nextInt(maxSize)));
        }
        return files;
    }

    /** A symbolic link at {@code link} with the text {@code target}, whose own mtime is {@code mtimeMillis}. */
    public static Path link(Path link, String target, long mtimeMillis) throws IOException {
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
        Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.fromMillis(mtimeMillis), null, null);
        return link;
    }

    /** A FIFO at {@code path} (mkfifo: Java cannot make one). */
    public static Path fifo(Path path) throws IOException, InterruptedException {
        run(path.getParent(), "mkfifo", path.toString());
        return path;
    }

    /** A Unix-domain socket file at {@code path}: the file stays after the socket is closed. */
    public static Path unixSocket(Path path) throws IOException {
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(path));
        }
        return path;
    }

    /** A character device (1, 3: /dev/null's numbers) at {@code path}, where this user may make one; or false. */
    public static boolean device(Path path) throws IOException, InterruptedException {
        Process mknod = new ProcessBuilder("mknod", path.toString(), "c", "1", "3").redirectErrorStream(true).start();
        mknod.getInputStream().readAllBytes();
        return mknod.waitFor() == 0; // only root, or CAP_MKNOD
    }

    /**
     * A file {@code dir/NAME} holding {@code text}, where NAME is {@code bashName} as bash's $'...' reads it
     * (so "bad\\xffname" is a name that is not valid UTF-8: Java cannot write its bytes).
     */
    public static void oddName(Path dir, String bashName, String text) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(dir, "bash", "-c", "printf '%s' \"$1\" > $'" + bashName + "'", "bash", text);
    }

    /** Sets every mode bit below the file type, setuid, setgid and sticky included (chmod: Java sets only 0777). */
    public static void mode(Path path, int mode) throws IOException, InterruptedException {
        run(path.getParent(), "chmod", Integer.toOctalString(mode), path.toString());
    }

    /** The mode bits below the file type, setuid, setgid and sticky included. */
    public static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    /** Sets the modification time to the nanosecond (as far as the file system keeps it). */
    public static void mtimeNanos(Path path, long nanos) throws IOException {
        Files.setLastModifiedTime(path, FileTime.from(nanos, TimeUnit.NANOSECONDS));
    }

    /** The file system's stored mtime, links not followed. */
    public static long mtimeNanos(Path path) throws IOException {
        return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
    }

    private long nextMtimeMillis() {
        return BASE_MTIME_MILLIS + 1_001L * filesWritten.incrementAndGet();
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), output).isZero();
    }
}
