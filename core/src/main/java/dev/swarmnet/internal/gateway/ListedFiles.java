package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.files.SharedFile;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

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
 * a link. At most {@code maxFiles} entries are kept (the newest listing always): the oldest listings are
 * forgotten whole, and any listing after {@link #KEPT_FOR} (a client that listed and never downloaded).
 * Thread-safe.
 */
public final class ListedFiles {
    /** How long a listing is remembered: a download follows its listing at once. */
    static final Duration KEPT_FOR = Duration.ofMinutes(10);

    /** One listing's files by listed name, and when it was made. */
    private record Listing(Map<String, SharedFile> files, long madeNanos) {
    }

    private final int maxFiles;
    private final LongSupplier clock;
    private final Deque<Listing> listings = new ArrayDeque<>();
    private long remembered;
    private volatile List<Listing> newestFirst = List.of();

    /** @param maxFiles entries kept at most (the gateway's maxFilesPerQuery: one full listing) */
    public ListedFiles(int maxFiles) {
        this(maxFiles, System::nanoTime);
    }

    ListedFiles(int maxFiles, LongSupplier clock) {
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles must be positive, got " + maxFiles);
        }
        this.maxFiles = maxFiles;
        this.clock = clock;
    }

    /** A new, empty listing to fill while walking; {@link #remember} it once the listing is answered. */
    static Map<String, SharedFile> newListing() {
        return new ConcurrentHashMap<>();
    }

    /** Remembers a listing's files by the names it gave the client, forgetting the oldest listings beyond the bound. */
    synchronized void remember(Map<String, SharedFile> listing) {
        long now = clock.getAsLong();
        if (!listing.isEmpty()) {
            listings.addFirst(new Listing(listing, now));
            remembered += listing.size();
        }
        while (oldestMustGo(now)) {
            remembered -= listings.removeLast().files().size();
        }
        newestFirst = List.copyOf(listings);
    }

    /** The listed file by that name, forgotten as it is handed out; null when not (or no longer) listed. */
    SharedFile take(String listedName) {
        long now = clock.getAsLong();
        for (Listing listing : newestFirst) {
            if (expired(listing, now)) {
                break; // older ones have expired too; the next listing forgets them
            }
            SharedFile file = listing.files().remove(listedName);
            if (file != null) {
                return file;
            }
        }
        return null;
    }

    /** Past the bound (but never the newest listing), or expired. */
    private boolean oldestMustGo(long now) {
        if (listings.isEmpty()) {
            return false;
        }
        return remembered > maxFiles && listings.size() > 1 || expired(listings.peekLast(), now);
    }

    private static boolean expired(Listing listing, long now) {
        return now - listing.madeNanos() > KEPT_FOR.toNanos();
    }
}
