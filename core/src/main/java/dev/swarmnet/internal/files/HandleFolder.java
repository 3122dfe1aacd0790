package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Folder} as an open handle ({@link SecureDirectoryStream}): every operation is a system call relative
 * to it ({@code openat}, {@code fstatat}, {@code renameat}, {@code unlinkat}), with {@code O_NOFOLLOW}.
 */
final class HandleFolder extends Folder {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, NOFOLLOW);
    private static final Set<OpenOption> READ_WRITE = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, NOFOLLOW);
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE, NOFOLLOW);

    private final SecureDirectoryStream<Path> handle;

    HandleFolder(Path path, SecureDirectoryStream<Path> handle) {
        super(path);
        this.handle = handle;
    }

    @Override
    public boolean usesHandle() {
        return true;
    }

    @Override
    public BasicFileAttributes stat(String name) throws IOException {
        // The POSIX view returns the attributes as read (with the file key and permissions); the basic view
        // would wrap them in one more object.
        return handle.getFileAttributeView(entry(name), PosixFileAttributeView.class, NOFOLLOW).readAttributes();
    }

    @Override
    Folder openChecked(String name) throws IOException {
        return new HandleFolder(path().resolve(name), handle.newDirectoryStream(entry(name), NOFOLLOW));
    }

    @Override
    public FileChannel openForReading(String name) throws IOException {
        return (FileChannel) handle.newByteChannel(entry(name), READ);
    }

    @Override
    public FileChannel openForWriting(String name) throws IOException {
        return (FileChannel) handle.newByteChannel(entry(name), READ_WRITE);
    }

    @Override
    public FileChannel createFile(String name) throws IOException {
        return (FileChannel) handle.newByteChannel(entry(name), CREATE);
    }

    @Override
    public FileChannel createFile(String name, int mode) throws IOException {
        if (mode == FileModes.NONE) {
            return createFile(name);
        }
        return (FileChannel) handle.newByteChannel(entry(name), CREATE,
                PosixFilePermissions.asFileAttribute(FileModes.permissions(mode)));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        handle.move(entry(from), handle, entry(to));
    }

    @Override
    public boolean deleteIfExists(String name) throws IOException {
        try {
            handle.deleteFile(entry(name));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void setModifiedTime(String name, FileTime mtime) throws IOException {
        FileTime now = FileTime.fromMillis(System.currentTimeMillis());
        if (mtime.to(TimeUnit.NANOSECONDS) % 1000 != 0 && setByPathIfSame(name, mtime, now)) {
            return;
        }
        // Both times given: no stat to read the one left alone (open, futimes, close).
        handle.getFileAttributeView(entry(name), BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, now, null);
    }

    /**
     * The JDK sets times through a handle with {@code futimes}, which keeps microseconds; by path it uses
     * {@code utimensat}, which keeps nanoseconds. So a time with nanoseconds is set by path, not following a
     * link, and only if the path still leads to the very entry the handle has (same file key): a folder on the
     * way moved or swapped for a link makes it fall back to the handle (microseconds). Between the check and
     * the call the path could still be swapped: the most that can do is set the time of another entry of the
     * same name, a hidden temporary name as a rule.
     *
     * @return whether the time was set
     */
    private boolean setByPathIfSame(String name, FileTime mtime, FileTime now) throws IOException {
        Object key = stat(name).fileKey();
        Path byPath = path().resolve(name);
        try {
            if (key == null || !key.equals(Files.readAttributes(byPath, BasicFileAttributes.class, NOFOLLOW).fileKey())) {
                return false;
            }
        } catch (IOException e) {
            return false; // moved, or not reachable by path (too long): the handle sets it
        }
        Files.getFileAttributeView(byPath, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, now, null);
        return true;
    }

    @Override
    public void setPermissions(String name, int mode) throws IOException {
        // Through the handle without following a link: open(O_NOFOLLOW) relative to it, then fchmod.
        handle.getFileAttributeView(entry(name), PosixFileAttributeView.class, NOFOLLOW)
                .setPermissions(FileModes.permissions(mode & FileModes.PERMISSION_BITS));
    }

    @Override
    public Listing list() throws IOException {
        List<String> names = new ArrayList<>();
        List<String> notUtf8 = new ArrayList<>();
        try {
            for (Path entry : handle) {
                sort(entry, names, notUtf8);
            }
        } catch (java.nio.file.DirectoryIteratorException e) {
            throw e.getCause();
        }
        return new Listing(names, notUtf8);
    }

    @Override
    public void close() throws IOException {
        handle.close();
    }

    /** A plain name as the relative path the handle's calls take (one name: no link on the way to follow). */
    private static Path entry(String name) {
        return Path.of(name);
    }
}
