package dev.swarmnet.internal.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the attributes of a folder's entries ({@code lstat}, links not followed) for a listing, on the calling
 * thread and, for a large folder, on helper threads as well: a listing is one system call per file, and on ten
 * thousand small files it is a tenth of a download during which the other cores have nothing to do.
 *
 * <p>The entries are taken in chunks from a shared counter, so the caller never waits for a helper that has not
 * started (a busy pool): it takes the remaining chunks itself and waits only for those being read.
 */
public final class AttributeReader {
    /** Reads everything on the calling thread. */
    public static final AttributeReader SERIAL = new AttributeReader(Runnable::run, 0);

    /** Folders with fewer entries are read by the caller alone: handing work over would cost more. */
    static final int PARALLEL_FROM = 512;
    private static final int CHUNK = 128;

    private final Executor helpers;
    private final int helperCount;

    /**
     * @param helpers     runs helper tasks (each reads chunks until none is left)
     * @param helperCount how many helper tasks one folder may use besides the caller (0: none)
     */
    public AttributeReader(Executor helpers, int helperCount) {
        this.helpers = Objects.requireNonNull(helpers, "helpers");
        if (helperCount < 0) {
            throw new IllegalArgumentException("helperCount must not be negative, got " + helperCount);
        }
        this.helperCount = helperCount;
    }

    /** One helper per core besides the caller's. */
    public static AttributeReader withCoreHelpers(Executor helpers) {
        return new AttributeReader(helpers, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * The attributes of each entry of {@code folder}, in order, links not followed; null for an entry that
     * vanished or cannot be read (a listing skips it, as it would a file deleted a moment earlier).
     */
    BasicFileAttributes[] read(Folder folder, List<String> entries) throws InterruptedIOException {
        BasicFileAttributes[] attrs = new BasicFileAttributes[entries.size()];
        int chunks = (entries.size() + CHUNK - 1) / CHUNK;
        if (entries.size() < PARALLEL_FROM || helperCount == 0) {
            readRange(folder, entries, attrs, 0, entries.size());
            return attrs;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(chunks);
        Runnable reader = () -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    readRange(folder, entries, attrs, c * CHUNK, Math.min(entries.size(), (c + 1) * CHUNK));
                } finally {
                    done.countDown();
                }
            }
        };
        for (int h = 0; h < Math.min(helperCount, chunks - 1); h++) {
            try {
                helpers.execute(reader);
            } catch (RejectedExecutionException e) {
                break; // the gateway is closing: the caller reads the rest
            }
        }
        reader.run();
        try {
            done.await(); // only chunks a helper has begun are left, and lstat does not block for long
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while listing a folder");
        }
        return attrs;
    }

    private static void readRange(Folder folder, List<String> entries, BasicFileAttributes[] attrs, int from,
            int to) {
        for (int i = from; i < to; i++) {
            try {
                attrs[i] = folder.stat(entries.get(i));
            } catch (IOException e) {
                attrs[i] = null;
            }
        }
    }
}
