package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One connection's way into the shares: a client's path becomes a folder or a file reached from its share's
 * folder one name at a time, through open folder handles ({@link FolderCache}) and never through a link. The
 * folders a connection works in stay open, so a batch of files from one folder costs one system call per file.
 * Not thread-safe: one per handler.
 */
public final class ShareReader implements AutoCloseable {
    /** Folders kept open per share and connection: a listing's files come folder by folder. */
    static final int MAX_OPEN_FOLDERS = 32;
    private static final String THROUGH_A_LINK = "it passes through a link; links in shared folders are not followed";

    private final Shares shares;
    private final boolean handles;
    private final Map<Integer, FolderCache> folders = new HashMap<>();

    public ShareReader(Shares shares) {
        this(shares, true);
    }

    /** With {@code handles} false, the path-based fallback even where the platform has handles (for tests). */
    ShareReader(Shares shares, boolean handles) {
        this.shares = Objects.requireNonNull(shares, "shares");
        this.handles = handles;
    }

    /**
     * A folder a client named, opened: which share ({@code sharePath} its real path), and the folder's path
     * inside it ('/'-separated, "" for the share).
     */
    public record OpenedFolder(int share, Path sharePath, String path, FolderCache.Lease lease)
            implements AutoCloseable {
        public Folder folder() {
            return lease.folder();
        }

        @Override
        public void close() {
            lease.close();
        }
    }

    /**
     * The folder a client asked for: a share, or a folder inside one.
     *
     * @throws ForbiddenPathException if the request is malformed, leads outside every share or through a link
     * @throws NoSuchFileException    if no share holds such a folder (the message names only the request)
     */
    public OpenedFolder folder(String requested) throws IOException {
        for (Shares.Location at : shares.locate(requested)) {
            String path = String.join("/", at.names());
            try {
                return new OpenedFolder(at.share(), shares.realPath(at.share()), path, cache(at.share()).lease(path));
            } catch (LinkRefusedException e) {
                throw new ForbiddenPathException(requested, THROUGH_A_LINK);
            } catch (FileSystemException e) {
                // missing, not a folder, or unreadable here: another share may have it
            }
        }
        throw new NoSuchFileException(requested, null, "no such folder in the shared folders");
    }

    /**
     * The regular file a client asked for, with its attributes now.
     *
     * @throws ForbiddenPathException if the request is malformed, leads outside every share or through a link
     * @throws NoSuchFileException    if no share holds such a regular file (the message names only the request)
     */
    public SharedFile file(String requested) throws IOException {
        for (Shares.Location at : shares.locate(requested)) {
            if (at.names().isEmpty()) {
                continue; // the share itself: a folder
            }
            SharedFile found = fileIn(at, requested);
            if (found != null) {
                return found;
            }
        }
        throw new NoSuchFileException(requested, null, "no such file in the shared folders");
    }

    private SharedFile fileIn(Shares.Location at, String requested) throws IOException {
        String parent = at.parent();
        try (FolderCache.Lease folder = cache(at.share()).lease(parent)) {
            BasicFileAttributes attrs = folder.folder().stat(at.last());
            if (attrs.isSymbolicLink()) {
                throw new ForbiddenPathException(requested, THROUGH_A_LINK);
            }
            return attrs.isRegularFile()
                    ? new SharedFile(at.share(), shares.realPath(at.share()), parent, at.last(), attrs)
                    : null;
        } catch (LinkRefusedException e) {
            throw new ForbiddenPathException(requested, THROUGH_A_LINK);
        } catch (FileSystemException e) {
            return null; // missing, not a folder on the way, or unreadable: another share may have it
        }
    }

    /** Opens a file found in a share for reading; a link put in its place since is refused, not read. */
    public FileChannel open(SharedFile file) throws IOException {
        try (FolderCache.Lease folder = cache(file.share()).lease(file.folder())) {
            return folder.folder().openForReading(file.name());
        }
    }

    /** The file's attributes now (a link put in its place is described as a link). */
    public BasicFileAttributes stat(SharedFile file) throws IOException {
        try (FolderCache.Lease folder = cache(file.share()).lease(file.folder())) {
            return folder.folder().stat(file.name());
        }
    }

    private FolderCache cache(int share) throws IOException {
        FolderCache cache = folders.get(share);
        if (cache == null) {
            cache = new FolderCache(Folder.open(shares.realPath(share), handles), MAX_OPEN_FOLDERS,
                    FolderCache.EXISTING);
            folders.put(share, cache);
        }
        return cache;
    }

    /** Closes every folder this connection opened. */
    @Override
    public void close() {
        folders.values().forEach(FolderCache::close);
        folders.clear();
    }
}
