package dev.swarmnet.internal.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The folders below one root that a connection or a transfer works in, kept open by their path relative to the
 * root ('/'-separated, "" for the root): a thousand files in one folder cost one open of it, and one more
 * system call per file. A folder is reached from the root one name at a time ({@link Folder#openFolder}, or
 * {@link Folder#createFolder} for a destination), never following a link, so what a path names is decided once,
 * when its folder is opened, and cannot change while it is used.
 *
 * <p>At most {@code maxOpen} folders stay open (each holds a file descriptor or two), the least recently used
 * closed first; one in use ({@link Lease}) is never closed under its user. Thread-safe.
 */
public final class FolderCache implements AutoCloseable {
    /** How a missing folder is opened below an open one. */
    @FunctionalInterface
    public interface Opener {
        Folder open(Folder parent, String name) throws IOException;
    }

    /** Opens existing folders only. */
    public static final Opener EXISTING = Folder::openFolder;
    /** Creates folders that are missing (a destination tree). */
    public static final Opener CREATING = Folder::createFolder;

    private final Folder root;
    private final int maxOpen;
    private final Opener opener;
    private final LinkedHashMap<String, Entry> open = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    private static final class Entry {
        final Folder folder;
        int users;

        Entry(Folder folder) {
            this.folder = folder;
        }
    }

    /**
     * @param root    the folder everything is relative to; closed with this cache
     * @param maxOpen how many folders below the root may stay open when unused (at least 1)
     */
    public FolderCache(Folder root, int maxOpen, Opener opener) {
        this.root = Objects.requireNonNull(root, "root");
        this.opener = Objects.requireNonNull(opener, "opener");
        if (maxOpen < 1) {
            throw new IllegalArgumentException("maxOpen must be positive, got " + maxOpen);
        }
        this.maxOpen = maxOpen;
    }

    public Folder root() {
        return root;
    }

    /** A folder held open for its user until {@link #close()}. */
    public final class Lease implements AutoCloseable {
        private final String key;
        private final Folder folder;
        private boolean released;

        private Lease(String key, Folder folder) {
            this.key = key;
            this.folder = folder;
        }

        public Folder folder() {
            return folder;
        }

        @Override
        public void close() {
            synchronized (FolderCache.this) {
                if (released) {
                    return;
                }
                released = true;
                if (!key.isEmpty()) {
                    Entry e = open.get(key);
                    if (e != null && e.folder == folder) {
                        e.users--;
                    }
                }
            }
            closeUnused();
        }
    }

    /**
     * The folder at {@code relative} below the root, opened (or created) one name at a time from the deepest
     * open folder on its way.
     *
     * @param relative plain names separated by '/', each already checked; "" for the root
     */
    public Lease lease(String relative) throws IOException {
        return lease(relative, opener);
    }

    /** As {@link #lease(String)}, opening folders missing from the cache with {@code how}. */
    public Lease lease(String relative, Opener how) throws IOException {
        if (relative.isEmpty()) {
            return new Lease("", root);
        }
        synchronized (this) {
            if (closed) {
                throw new IOException("the folder cache is closed");
            }
            Entry e = open.get(relative);
            if (e != null) {
                e.users++;
                return new Lease(relative, e.folder);
            }
        }
        int slash = relative.lastIndexOf('/');
        Folder folder;
        try (Lease parent = lease(slash < 0 ? "" : relative.substring(0, slash), how)) {
            folder = how.open(parent.folder(), relative.substring(slash + 1));
        }
        return adopt(relative, folder);
    }

    /** Keeps a folder just opened, unless another thread opened the same one meanwhile: then that one is used. */
    private Lease adopt(String relative, Folder folder) throws IOException {
        Folder duplicate = null;
        Lease lease;
        synchronized (this) {
            if (closed) {
                duplicate = folder;
                lease = null;
            } else {
                Entry e = open.get(relative);
                if (e == null) {
                    e = new Entry(folder);
                    open.put(relative, e);
                } else {
                    duplicate = folder;
                }
                e.users++;
                lease = new Lease(relative, e.folder);
            }
        }
        if (duplicate != null) {
            duplicate.close();
        }
        if (lease == null) {
            throw new IOException("the folder cache is closed");
        }
        closeUnused();
        return lease;
    }

    /** Closes the least recently used unused folders beyond the bound. */
    private void closeUnused() {
        List<Folder> evicted = new ArrayList<>();
        synchronized (this) {
            Iterator<Map.Entry<String, Entry>> it = open.entrySet().iterator();
            int excess = open.size() - maxOpen;
            while (excess > 0 && it.hasNext()) {
                Entry e = it.next().getValue();
                if (e.users == 0) {
                    it.remove();
                    evicted.add(e.folder);
                    excess--;
                }
            }
        }
        closeAll(evicted);
    }

    /** Whether the folder at {@code relative} is open now ("" always is). */
    public synchronized boolean isOpen(String relative) {
        return relative.isEmpty() || open.containsKey(relative);
    }

    /** How many folders below the root are open now. */
    public synchronized int openCount() {
        return open.size();
    }

    /** Closes every folder, the root included; leases still held fail on their next use. */
    @Override
    public void close() {
        List<Folder> all = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Entry e : open.values()) {
                all.add(e.folder);
            }
            open.clear();
        }
        all.add(root);
        closeAll(all);
    }

    private static void closeAll(List<Folder> folders) {
        for (Folder f : folders) {
            try {
                f.close();
            } catch (IOException ignored) {
                // closing a directory handle we only read from
            }
        }
    }
}
