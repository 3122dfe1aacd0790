package dev.swarmnet.internal.files;

import dev.swarmnet.internal.wire.Utf8;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A destination tree: the folders below a download folder that one transfer (or one gateway connection's
 * uploads) writes into, each created and checked the first time a file needs it and kept open
 * ({@link FolderCache}) for the rest: ten thousand files in one folder cost one check, and each file is then
 * created, renamed and timed relative to its open folder. A folder on the way that is a link is refused, and
 * one swapped for a link after it was opened changes nothing: the open handle is the folder that was checked.
 * Safe for the lanes and writer threads of a transfer to share.
 */
public final class TargetFolders implements AutoCloseable {
    /** Folders kept open when unused: a listing's files come folder by folder. */
    static final int MAX_OPEN_FOLDERS = 64;

    /**
     * What a temporary name may add to a file's name (".", ".", 16 hex digits, ".swarmnet-part"): a path is
     * refused unless its temporary's full path, too, fits the host's PATH_MAX.
     */
    public static final int TEMPORARY_EXTRA_BYTES = 32;

    private final FolderCache folders;
    /** The root's path in bytes: with a file's relative path, the whole must fit the host's PATH_MAX. */
    private final int rootBytes;
    /** The root's file system, looked up once (finding it reads the mount table): for its free space. */
    private volatile FileStore store;
    /** How long a look at the free space stands for small files: a second. */
    private static final long ROOM_SEEN_FOR_NANOS = 1_000_000_000L;
    /** The free space last seen (-1: not yet), when, and the bytes declared since (guarded by this). */
    private long freeSeen = -1;
    private long freeSeenNanos;
    private long declaredSince;

    private TargetFolders(Folder root) {
        this.folders = new FolderCache(root, MAX_OPEN_FOLDERS, FolderCache.CREATING);
        this.rootBytes = Utf8.length(root.path().toString());
    }

    /** The download folder, created if missing, opened once for a transfer. */
    public static TargetFolders open(Path downloadDir) throws IOException {
        Objects.requireNonNull(downloadDir, "downloadDir");
        Files.createDirectories(downloadDir);
        return new TargetFolders(Folder.open(downloadDir.toRealPath()));
    }

    /** Where a file is to be written: its open folder (held until {@link #close()}), its name, and how to show it. */
    public record Target(FolderCache.Lease lease, String name, String shown) implements AutoCloseable {
        public Folder folder() {
            return lease.folder();
        }

        /** Its path, as the folder's was when it was opened: for keys and messages, never to open it. */
        public Path path() {
            return lease.folder().path().resolve(name);
        }

        @Override
        public void close() {
            lease.close();
        }
    }

    /** The download folder itself, open. */
    public Folder rootFolder() {
        return folders.root();
    }

    /**
     * The folder at {@code relative} ('/'-separated, each name checked; "" for the root), held until the lease is
     * closed; null when it does not exist (or a name on the way is not a folder): nothing is created.
     */
    public FolderCache.Lease existingFolder(String relative) throws IOException {
        if (!relative.isEmpty()) {
            RequestedPath.forWriting(relative); // plain names only
        }
        try {
            return folders.lease(relative, FolderCache.EXISTING);
        } catch (FileSystemException e) {
            return null;
        }
    }

    /** The download folder's real path. */
    public Path root() {
        return folders.root().path();
    }

    /**
     * Where {@code dirname/relativeName} is to be written: its parent folders exist (created as needed) inside
     * the root; the file itself is neither created nor looked at.
     *
     * @throws ForbiddenPathException     if a name is malformed or a folder on the way is a link
     * @throws FileAlreadyExistsException if a file stands where a folder is needed
     */
    public Target target(String dirname, String relativeName) throws IOException {
        return target(dirname, relativeName, TEMPORARY_EXTRA_BYTES);
    }

    /**
     * As {@link #target(String, String)} for a file received under longer hidden names beside it (the pieces of
     * a striped upload): {@code extraBytes} is the most those names add to the file's name, so that their paths
     * fit the host's PATH_MAX too — path-based clean-up (the start-up sweep, expiry) must be able to reach them.
     */
    public Target target(String dirname, String relativeName, int extraBytes) throws IOException {
        return find(dirname, relativeName, FolderCache.CREATING, extraBytes);
    }

    /**
     * As {@link #target}, creating nothing: null when a folder on the way does not exist (nothing can be held
     * there), for questions about an upload rather than for writing one.
     */
    public Target existing(String dirname, String relativeName, int extraBytes) throws IOException {
        try {
            return find(dirname, relativeName, FolderCache.EXISTING, extraBytes);
        } catch (FileSystemException e) {
            return null; // missing, or a file where a folder would be
        }
    }

    /**
     * The folder part of the path is checked name by name only when that folder is not open yet (an open one
     * was checked when it was opened): a thousand files in one folder cost one check of its path, and each one
     * a check of its own name.
     */
    private Target find(String dirname, String relativeName, FolderCache.Opener how, int extraBytes)
            throws IOException {
        if (relativeName == null || dirname == null) {
            UploadTarget.checkedNames(dirname, relativeName); // says which is missing
        }
        String shown = dirname.isEmpty() ? relativeName : dirname + "/" + relativeName;
        int slash = shown.lastIndexOf('/');
        String folder = slash < 0 ? "" : shown.substring(0, slash);
        String name = shown.substring(slash + 1);
        if (relativeName.isEmpty() || name.isEmpty() || !folders.isOpen(folder)) {
            UploadTarget.checkedNames(dirname, relativeName); // every name, and the length
        } else {
            UploadTarget.checkFileName(shown, name);
            UploadTarget.checkLength(dirname, relativeName);
        }
        if (rootBytes + 1 + Utf8.length(shown) + extraBytes >= RequestedPath.MAX_PATH_BYTES) {
            // Checked before any folder is made: a path this host cannot hold leaves nothing behind.
            throw new ForbiddenPathException(shown, "inside this host's folder the path would be longer than "
                    + (RequestedPath.MAX_PATH_BYTES - 1) + " bytes (PATH_MAX)");
        }
        FolderCache.Lease lease;
        try {
            lease = folders.lease(folder, how);
        } catch (LinkRefusedException e) {
            throw new ForbiddenPathException(shown, "a folder on the way is a link; links are not followed");
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(shown, null, "a file stands where a folder is needed");
        }
        return new Target(lease, name, shown);
    }

    /**
     * Refuses a file of {@code size} bytes that cannot fit the free space of the root's file system (as this
     * user may use it), before anything is created for it. Others may fill the disk meanwhile: this spares the
     * writing of a file that cannot fit, it reserves nothing.
     *
     * @throws NoRoomException naming {@code shown} and the sizes
     */
    public void checkRoom(String shown, long size) throws IOException {
        if (plentyOfRoomFor(size)) {
            return;
        }
        FileStore fs = store;
        if (fs == null) {
            fs = Files.getFileStore(root());
            store = fs;
        }
        long free = fs.getUsableSpace();
        synchronized (this) {
            freeSeen = free;
            freeSeenNanos = System.nanoTime();
            declaredSince = 0;
        }
        if (size > free) {
            throw new NoRoomException(shown, size, free);
        }
    }

    /**
     * Whether the free space seen less than a second ago covers twice what was declared since, this file included:
     * then the file system is not asked again (a tree of small files would ask once per file).
     */
    private synchronized boolean plentyOfRoomFor(long size) {
        if (freeSeen < 0 || System.nanoTime() - freeSeenNanos > ROOM_SEEN_FOR_NANOS
                || declaredSince + size > freeSeen / 2) {
            return false;
        }
        declaredSince += size;
        return true;
    }

    @Override
    public void close() {
        folders.close();
    }
}
