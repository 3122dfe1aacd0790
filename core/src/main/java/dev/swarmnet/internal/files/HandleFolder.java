package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
        // Both times given: no stat to read the one left alone (open, futimes, close).
        handle.getFileAttributeView(entry(name), BasicFileAttributeView.class, NOFOLLOW)
                .setTimes(mtime, FileTime.fromMillis(System.currentTimeMillis()), null);
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
