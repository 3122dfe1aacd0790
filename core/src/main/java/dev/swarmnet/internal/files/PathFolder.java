package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Folder} where the platform has no handle-relative calls: the same checks, made on paths (each entry
 * stat'ed without following links before it is opened as a folder, files opened with
 * {@link LinkOption#NOFOLLOW_LINKS}). Not race-free: a folder on the way swapped for a link between a check and
 * the next call could lead elsewhere, which is why Linux uses {@link HandleFolder}.
 */
final class PathFolder extends Folder {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    PathFolder(Path path) {
        super(path);
    }

    @Override
    public boolean usesHandle() {
        return false;
    }

    @Override
    public BasicFileAttributes stat(String name) throws IOException {
        // The POSIX attributes where there are (with the permission bits a listing sends), in the same call.
        return Files.readAttributes(entry(name), FileModes.ATTRIBUTES, NOFOLLOW);
    }

    @Override
    Folder openChecked(String name) throws IOException {
        Path folder = name.equals(".") ? path() : entry(name);
        if (!Files.isDirectory(folder, NOFOLLOW)) {
            throw new java.nio.file.NotDirectoryException(name);
        }
        return new PathFolder(folder);
    }

    @Override
    public FileChannel openForReading(String name) throws IOException {
        return FileChannel.open(entry(name), StandardOpenOption.READ, NOFOLLOW);
    }

    @Override
    public FileChannel openForWriting(String name) throws IOException {
        return FileChannel.open(entry(name), StandardOpenOption.READ, StandardOpenOption.WRITE, NOFOLLOW);
    }

    @Override
    public FileChannel createFile(String name) throws IOException {
        return FileChannel.open(entry(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, NOFOLLOW);
    }

    @Override
    public FileChannel createFile(String name, int mode) throws IOException {
        if (mode == FileModes.NONE) {
            return createFile(name);
        }
        return FileChannel.open(entry(name), java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, NOFOLLOW), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        FileModes.permissions(mode)));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Files.move(entry(from), entry(to), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public boolean deleteIfExists(String name) throws IOException {
        return Files.deleteIfExists(entry(name));
    }

    @Override
    public void setModifiedTime(String name, FileTime mtime) throws IOException {
        // Both times given: no stat to read the one left alone; nanoseconds kept (java.io.File cuts to ms).
        Files.getFileAttributeView(entry(name), java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW)
                .setTimes(mtime, FileTime.fromMillis(System.currentTimeMillis()), null);
    }

    @Override
    public void setPermissions(String name, int mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(entry(name), PosixFileAttributeView.class, NOFOLLOW);
        if (view != null) { // no POSIX permissions on this platform: the receiver's default stays
            view.setPermissions(FileModes.permissions(mode & FileModes.PERMISSION_BITS));
        }
    }

    @Override
    public Listing list() throws IOException {
        List<String> names = new ArrayList<>();
        List<String> notUtf8 = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path())) {
            for (Path entry : stream) {
                sort(entry, names, notUtf8);
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return new Listing(names, notUtf8);
    }

    @Override
    public void close() {
        // nothing is held open
    }

    private Path entry(String name) {
        return path().resolve(name);
    }
}
