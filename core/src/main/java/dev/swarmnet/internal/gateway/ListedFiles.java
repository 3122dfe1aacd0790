package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.files.SharedFile;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files the gateway's recent listings named, as their walks found them inside the shares (real path and
 * attributes). The FILE_GET batches that follow ask for them by the listed names, often over other
 * connections (a swarm lists on one and downloads on all), and each name is served once from here instead of
 * being resolved again through the shares: on many small files that walk and its {@code lstat} were a tenth
 * of the gateway's work. The attributes are the send's "before", so a file changed since the listing is
 * flagged as changed, and the client's retry resolves it afresh.
 *
 * <p>Any client may be served from another's listing: every client may list the same shares, and the entries
 * come only from the gateway's own walks. Trusting a walk until the file is sent stays within
 * {@link dev.swarmnet.internal.files.Shares}'s threat model (only a local user who can swap folders for links
 * inside a share could change what a listed name leads to), and the file itself is opened without following
 * a link. At most {@code maxFiles} entries are kept: the oldest listings are forgotten whole. Thread-safe.
 */
public final class ListedFiles {
    private final int maxFiles;
    private final Deque<Map<String, SharedFile>> listings = new ArrayDeque<>();
    private long remembered;
    private volatile List<Map<String, SharedFile>> newestFirst = List.of();

    /** @param maxFiles entries kept at most (the gateway's maxFilesPerQuery: one full listing) */
    public ListedFiles(int maxFiles) {
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles must be positive, got " + maxFiles);
        }
        this.maxFiles = maxFiles;
    }

    /** A new, empty listing to fill while walking; {@link #remember} it once the listing is answered. */
    static Map<String, SharedFile> newListing() {
        return new ConcurrentHashMap<>();
    }

    /** Remembers a listing's files by the names it gave the client, forgetting the oldest listings beyond the bound. */
    synchronized void remember(Map<String, SharedFile> listing) {
        if (listing.isEmpty()) {
            return;
        }
        listings.addFirst(listing);
        remembered += listing.size();
        while (remembered > maxFiles && listings.size() > 1) {
            remembered -= listings.removeLast().size();
        }
        newestFirst = List.copyOf(listings);
    }

    /** The listed file by that name, forgotten as it is handed out; null when not (or no longer) listed. */
    SharedFile take(String listedName) {
        for (Map<String, SharedFile> listing : newestFirst) {
            SharedFile file = listing.remove(listedName);
            if (file != null) {
                return file;
            }
        }
        return null;
    }
}
