package dev.swarmnet.internal.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * An open folder, and everything done inside it: each entry is named by one plain name (never a path, never
 * "..") and is listed, stat'ed, opened, created, renamed and deleted relative to this folder without following
 * a link. A link where a folder or a file is expected is refused ({@link LinkRefusedException}): a folder
 * swapped for a link while a transfer runs cannot lead elsewhere.
 *
 * <p>Where the platform has {@link SecureDirectoryStream} (Linux) the folder is an open handle and every
 * operation is one {@code *at} system call on it ({@code openat}, {@code fstatat}, {@code renameat},
 * {@code unlinkat}): no path is resolved again, so the cost of a file does not grow with the depth of its
 * folder and a folder renamed or replaced meanwhile changes nothing. Elsewhere the same checks are made on
 * paths, which is not race-free (see {@link PathFolder}). Creating a folder has no handle-relative call in the
 * JDK: it is made by path in this folder, then opened relative to it without following a link.
 *
 * <p>Thread-safe: several threads may use one folder at once; closing it while they do makes their next call
 * fail ({@link java.nio.file.ClosedDirectoryStreamException}).
 */
public abstract class Folder implements Closeable {
    private final Path path;

    Folder(Path path) {
        this.path = path;
    }

    /**
     * Opens a configured folder (a share, the download folder) by its path, following links on the way: the
     * gateway's owner or the user chose that path. Everything below it is reached through {@link #openFolder}.
     *
     * @throws NotDirectoryException if it is not a folder
     */
    public static Folder open(Path folder) throws IOException {
        return open(folder, true);
    }

    /** As {@link #open(Path)}; {@code handles} false takes the path-based fallback even where handles exist. */
    static Folder open(Path folder, boolean handles) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NotDirectoryException(folder.toString());
        }
        if (!handles) {
            return new PathFolder(folder);
        }
        DirectoryStream<Path> stream = Files.newDirectoryStream(folder);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new HandleFolder(folder, secure);
        }
        stream.close();
        return new PathFolder(folder);
    }

    /**
     * Where the folder was when it was opened (a handle follows its folder if it is moved): for messages, and
     * for creating sub-folders, which the JDK can only do by path.
     */
    public final Path path() {
        return path;
    }

    /** Whether operations go through a handle ({@code *at} calls) rather than paths. */
    public abstract boolean usesHandle();

    /**
     * The entry's attributes, not following a link (a link is described as a link).
     *
     * @throws java.nio.file.NoSuchFileException if there is no such entry
     */
    public abstract BasicFileAttributes stat(String name) throws IOException;

    /**
     * Opens a sub-folder. It is stat'ed first, so that nothing but a folder is ever opened (opening a named
     * pipe would block).
     *
     * @throws LinkRefusedException if the entry is a link
     * @throws NotDirectoryException if it is something else than a folder
     * @throws java.nio.file.NoSuchFileException if there is no such entry
     */
    public final Folder openFolder(String name) throws IOException {
        BasicFileAttributes attrs = stat(name);
        if (attrs.isSymbolicLink()) {
            throw new LinkRefusedException(path, name);
        }
        if (!attrs.isDirectory()) {
            throw new NotDirectoryException(name);
        }
        try {
            return openChecked(name);
        } catch (IOException e) {
            if (isLink(name)) {
                throw new LinkRefusedException(path, name); // swapped for a link since the stat
            }
            throw e;
        }
    }

    /**
     * The sub-folder {@code name}, created if missing, then opened like {@link #openFolder}.
     *
     * @throws LinkRefusedException if a link has the name
     * @throws FileAlreadyExistsException if something else than a folder has it
     */
    public final Folder createFolder(String name) throws IOException {
        try {
            Files.createDirectory(path.resolve(name)); // never through a link: an existing link makes it fail
        } catch (FileAlreadyExistsException e) {
            // a folder made meanwhile (another file of this transfer), or something else: judged below
        }
        try {
            return openFolder(name);
        } catch (NotDirectoryException e) {
            throw new FileAlreadyExistsException(name, null, "a file stands where a folder is needed");
        }
    }

    /** This folder once more, as a handle of its own (closed independently of this one). */
    public final Folder duplicate() throws IOException {
        return openChecked(".");
    }

    /**
     * The target of the link {@code name}, as its text, the link not followed. The JDK reads a link only by
     * path: the path must lead to the very link this folder holds (same file key before and after the read),
     * else the folder moved or was swapped meanwhile and nothing is read.
     *
     * @throws java.nio.file.NotLinkException if the entry is not a link
     */
    public final Path readLink(String name) throws IOException {
        BasicFileAttributes here = stat(name);
        if (!here.isSymbolicLink()) {
            throw new NotLinkException(name);
        }
        Path byPath = path.resolve(name);
        Path target = Files.readSymbolicLink(byPath);
        checkSameEntry(name, here, byPath);
        return target;
    }

    /**
     * Creates the link {@code name} with {@code target} as its text, and gives the link itself {@code mtime}
     * where the platform can (never its target's). Fails if anything has the name. The JDK makes links only by
     * path: if the path no longer leads into this folder (moved, or swapped for a link), the link made there is
     * removed and this fails.
     */
    public final void createLink(String name, Path target, FileTime mtime) throws IOException {
        Path byPath = path.resolve(name);
        Files.createSymbolicLink(byPath, target);
        try {
            checkSameEntry(name, stat(name), byPath);
        } catch (IOException e) {
            Files.deleteIfExists(byPath); // the link just made, wherever the path led (a link is not followed)
            throw e;
        }
        try {
            Files.getFileAttributeView(byPath, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).setTimes(mtime, null, null);
        } catch (IOException e) {
            // Where a link's own time cannot be set (JDKs without lutimes), it keeps the time it was made.
        }
    }

    /** Whether {@code byPath} is the entry {@code name} this folder holds, {@code here} as the folder sees it. */
    private static void checkSameEntry(String name, BasicFileAttributes here, Path byPath) throws IOException {
        Object key = here.fileKey();
        Object there = Files.readAttributes(byPath, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).fileKey();
        if (key == null || !here.isSymbolicLink() || !key.equals(there)) {
            throw new FileSystemException(name, null,
                    "the folder moved or was swapped for a link while the link was handled");
        }
    }

    /** Opens a regular file for reading. A link is refused (the open fails), never read through. */
    public abstract FileChannel openForReading(String name) throws IOException;

    /** Opens an existing file for reading and writing in place, without following a link. */
    public abstract FileChannel openForWriting(String name) throws IOException;

    /** Creates a new file for writing (and reading): fails if anything, a link included, has the name. */
    public abstract FileChannel createFile(String name) throws IOException;

    /**
     * As {@link #createFile(String)}, the file created with these permission bits (before the umask);
     * {@link FileModes#NONE} for the default.
     */
    public abstract FileChannel createFile(String name, int mode) throws IOException;

    /** Renames an entry of this folder, replacing whatever file had the new name (a link is replaced, not followed). */
    public abstract void rename(String from, String to) throws IOException;

    /** Deletes a file (a link itself, never its target); false if there was none. */
    public abstract boolean deleteIfExists(String name) throws IOException;

    /** Sets a file's modification time (its access time to now), not following a link. */
    public abstract void setModifiedTime(String name, FileTime mtime) throws IOException;

    /**
     * Sets an entry's permission bits ({@code mode & 0777}: never setuid, setgid or sticky), not following a
     * link. Call it after {@link #setModifiedTime}: both open the entry for reading, which a mode without the
     * owner's read bit would then refuse.
     */
    public abstract void setPermissions(String name, int mode) throws IOException;

    /**
     * The names of its entries, in no particular order, and apart the entries whose names are not valid UTF-8:
     * those cannot be sent, nor opened again by the string Java shows for them ({@link ExactNames}).
     *
     * @param names   the entries' names
     * @param notUtf8 the other entries, as {@link ExactNames#shown} shows them (never to open them)
     */
    public record Listing(List<String> names, List<String> notUtf8) {
    }

    /** Its entries' names, in no particular order (those that are not valid UTF-8 left out). */
    public final List<String> names() throws IOException {
        return list().names();
    }

    /** Its entries as they are now, in no particular order; a folder can be listed once per handle. */
    public abstract Listing list() throws IOException;

    /** Adds the entry {@code entry} (as the folder's listing gives it) to {@code names} or to {@code notUtf8}. */
    static void sort(Path entry, List<String> names, List<String> notUtf8) {
        Path name = entry.getFileName();
        if (ExactNames.isExact(name)) {
            names.add(name.toString());
        } else {
            notUtf8.add(ExactNames.shown(entry));
        }
    }

    /** Opens {@code name} (a folder, or "." for this one) without following a link and without a stat first. */
    abstract Folder openChecked(String name) throws IOException;

    private boolean isLink(String name) {
        try {
            return stat(name).isSymbolicLink();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
