package dev.swarmnet.internal.files;

import java.io.IOException;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What one folder query may cost the gateway, counted over its whole walk, and the way the walk learns that
 * nobody wants its answer any more. A 30-byte query can name a share of a million entries or a regex that
 * backtracks for seconds on every name, and names that do not match send nothing back, so the cost is counted
 * where it is spent, matched or not: every entry visited, every character a regex reads, every folder level.
 * Between names the walk asks {@link StillWanted} (at most every {@link #CHECK_INTERVAL_NANOS}), which fails
 * once the client has hung up or the gateway is closing, so an abandoned query gives its handler back within
 * about a second. Not thread-safe: one per query.
 */
public final class QueryBudget {
    /** Folder levels a walk goes down below the folder asked for: each level holds an open folder. */
    public static final int MAX_WALK_DEPTH = 256;
    /** Entries a query may visit for each file it may select (sub-folders and non-matching names included). */
    static final int ENTRIES_PER_FILE = 2;
    /** Entries any query may visit, however few files it may select: a fraction of a second of work. */
    static final int MIN_ENTRIES = 100_000;
    /** Characters all regex matches of one query may read: well under a second at 3-10 ns a read. */
    static final long MAX_REGEX_READS = 50_000_000L;
    /** Characters one regex match may read; a sane pattern on the longest path needs far fewer. */
    static final long MAX_REGEX_READS_PER_NAME = 10_000_000L;
    /** How often the walk asks whether its answer is still wanted. */
    static final long CHECK_INTERVAL_NANOS = 250_000_000L;

    /** Fails (an IOException) when the query's answer is no longer wanted: the client left, the gateway closes. */
    @FunctionalInterface
    public interface StillWanted {
        void check() throws IOException;
    }

    private final int maxFiles;
    private final long maxEntries;
    private final StillWanted stillWanted;
    private final LongSupplier nanoTime;
    private int selected;
    private long visited;
    private long regexReads;
    private long nextCheck;

    /**
     * @param maxFiles    the most files the query may select (positive)
     * @param stillWanted asked between names, at most every {@link #CHECK_INTERVAL_NANOS}
     */
    public QueryBudget(int maxFiles, StillWanted stillWanted) {
        this(maxFiles, stillWanted, System::nanoTime);
    }

    QueryBudget(int maxFiles, StillWanted stillWanted, LongSupplier nanoTime) {
        this(maxFiles, Math.max(MIN_ENTRIES, (long) maxFiles * ENTRIES_PER_FILE), stillWanted, nanoTime);
    }

    QueryBudget(int maxFiles, long maxEntries, StillWanted stillWanted, LongSupplier nanoTime) {
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles must be positive, got " + maxFiles);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        this.maxFiles = maxFiles;
        this.maxEntries = maxEntries;
        this.stillWanted = Objects.requireNonNull(stillWanted, "stillWanted");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.nextCheck = nanoTime.getAsLong() + CHECK_INTERVAL_NANOS;
    }

    /** A budget for a local walk nobody can abandon (tests and tools). */
    public static QueryBudget forFiles(int maxFiles) {
        return new QueryBudget(maxFiles, () -> { });
    }

    /** The most entries one query may visit. */
    public long maxEntries() {
        return maxEntries;
    }

    /** One entry of a folder looked at, whatever it is. */
    void visit() throws IOException {
        if (++visited > maxEntries) {
            throw QueryTooCostlyException.entries(maxEntries);
        }
        checkStillWanted();
    }

    /** One file selected. */
    void select() throws TooManyFilesException {
        if (++selected > maxFiles) {
            throw new TooManyFilesException(maxFiles);
        }
    }

    /** Going down to a folder {@code depth} levels below the one asked for. */
    void descend(int depth) throws QueryTooCostlyException {
        if (depth > MAX_WALK_DEPTH) {
            throw QueryTooCostlyException.depth(MAX_WALK_DEPTH);
        }
    }

    /** The characters the next regex match may read. */
    long regexAllowance() {
        return Math.min(MAX_REGEX_READS_PER_NAME, MAX_REGEX_READS - regexReads);
    }

    /** Whether an allowance that ran out was the whole query's rather than one name's. */
    boolean isQueryAllowance(long allowance) {
        return allowance < MAX_REGEX_READS_PER_NAME;
    }

    /** Characters a regex match read. */
    void regexRead(long reads) {
        regexReads += reads;
    }

    /** Asks {@link StillWanted} when the interval has passed since the last time. */
    public void checkStillWanted() throws IOException {
        long now = nanoTime.getAsLong();
        if (now - nextCheck >= 0) {
            nextCheck = now + CHECK_INTERVAL_NANOS;
            stillWanted.check();
        }
    }
}
