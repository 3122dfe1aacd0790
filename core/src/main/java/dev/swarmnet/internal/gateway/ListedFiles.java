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
 * The files the gateway's recent listings named, as their walks found them inside the shares (where, and their
 * attributes). The FILE_GET batches that follow ask for them by the listed names, often over other connections
 * (a swarm lists on one and downloads on all, from the listing's first part on), and each name is served once
 * from here instead of being looked up again: on many small files that look-up and its stat were a tenth of the
 * gateway's work. The attributes are the send's "before", so a file changed since the listing is flagged as
 * changed, and the client's retry looks it up afresh.
 *
 * <p>Any client may be served from another's listing: every client may list the same shares, and the entries
 * come only from the gateway's own walks. A listed file is opened relative to its folder, reached from the
 * share one name at a time without following a link, so a folder swapped for a link since the listing is
 * refused. At most {@code maxFiles} entries are kept (the newest listing always): the oldest listings are
 * forgotten whole, and any listing after {@link #KEPT_FOR} (a client that listed and never downloaded).
 * Thread-safe.
 */
public final class ListedFiles {
    /** How long a listing is remembered: a download follows its listing at once. */
    static final Duration KEPT_FOR = Duration.ofMinutes(10);

    /** One listing's files by listed name, filled part by part while the walk goes on. */
    final class Listing {
        private final Map<String, SharedFile> files = new ConcurrentHashMap<>();
        /** Listed names that are not to be sent, with the reason each one's request is answered with. */
        private final Map<String, String> refused = new ConcurrentHashMap<>();
        private final long madeNanos;
        /** Files added (taken ones included), under the lock of the whole. */
        private int added;

        private Listing(long madeNanos) {
            this.madeNanos = madeNanos;
        }

        /** Remembers the files of one part by the names the client was given, before the part is sent. */
        void addAll(Map<String, SharedFile> part) {
            files.putAll(part);
            grew(this, part.size());
        }

        /**
         * Lists a name the client may ask for but will be refused, saying why: an entry the walk found but cannot
         * send under its name. Told in the listing (not left out) so the client's report names it.
         */
        void refuse(String listedName, String reason) {
            refused.put(listedName, reason);
            grew(this, 1);
        }
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

    /** A new listing, remembered from now on: its files can be taken as soon as they are added. */
    synchronized Listing begin() {
        Listing listing = new Listing(clock.getAsLong());
        listings.addFirst(listing);
        forgetOld(listing.madeNanos);
        return listing;
    }

    private synchronized void grew(Listing listing, int count) {
        listing.added += count;
        remembered += count;
        forgetOld(clock.getAsLong());
    }

    /** Forgets the oldest listings beyond the bound (never the newest) and the expired ones. */
    private void forgetOld(long now) {
        while (oldestMustGo(now)) {
            remembered -= listings.removeLast().added;
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
            SharedFile file = listing.files.remove(listedName);
            if (file != null) {
                return file;
            }
        }
        return null;
    }

    /** Why a listed name is refused ({@link Listing#refuse}), or null. */
    String refusal(String listedName) {
        for (Listing listing : newestFirst) {
            String reason = listing.refused.get(listedName);
            if (reason != null) {
                return reason;
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
        return now - listing.madeNanos > KEPT_FOR.toNanos();
    }
}
