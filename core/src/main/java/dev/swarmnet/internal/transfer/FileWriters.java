package dev.swarmnet.internal.transfer;

import dev.swarmnet.internal.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Stores small received files (a client's downloads, a gateway connection's uploads) on helper threads, so that a connection's thread goes back to its socket
 * as soon as a body is verified instead of waiting for create, write, mtime and rename: on a two-core
 * machine one connection then keeps both cores busy. A bounded number of bytes may wait, so a slow disk
 * slows the connection down instead of filling the heap.
 */
public final class FileWriters implements AutoCloseable {
    /** Bodies waiting to be written, at most, in bytes. */
    static final int MAX_WAITING_BYTES = 4 * 1024 * 1024;
    private static final int PERMIT_BYTES = 4096;

    /** A file's bytes, verified, ready to be stored. */
    public interface Store {
        /** Writes the file under its real name, or fails it; never throws. */
        void run();
    }

    private final ExecutorService threads;
    private final Semaphore room = new Semaphore(MAX_WAITING_BYTES / PERMIT_BYTES);

    public FileWriters() {
        int count = writerCount(Runtime.getRuntime().availableProcessors());
        threads = Executors.newFixedThreadPool(count, Threads.factory("swarmnet-file-writer", false));
    }

    /**
     * Twice the cores, from 2 to 8. A writer spends much of a small file waiting in the kernel, mostly for
     * the folder's lock while another creates or renames in it, so more writers than cores keep the cores
     * busy. Measured on two cores, 10,000 files of 4 KiB into one folder: 1 writer 24,600 files/s, 2 writers
     * 33,700, 4 writers 35,600 (medians of 13 runs taken in turn in one process).
     */
    static int writerCount(int cores) {
        return Math.max(2, Math.min(8, 2 * cores));
    }

    /**
     * Queues {@code stores} (bodies of {@code bytes} in all) as one task, waiting while too many bytes are
     * queued already. Not interruptible: the files are verified, and dropping them would leave them neither
     * stored nor failed; the writers free room as they go, so the wait is short.
     */
    /** Queues one file of {@code bytes}, waiting while too many bytes are queued already. */
    public void submit(int bytes, Store store) {
        submit(bytes, List.of(store));
    }

    private void submit(int bytes, List<Store> stores) {
        int permits = permits(bytes);
        room.acquireUninterruptibly(permits);
        try {
            threads.execute(() -> {
                try {
                    stores.forEach(Store::run);
                } finally {
                    room.release(permits);
                }
            });
        } catch (RuntimeException e) {
            room.release(permits);
            throw e;
        }
    }

    /**
     * The files one connection's thread has verified, handed to the writers a few at a time: one hand-over,
     * and at most one writer woken, per group instead of per file. The connection's thread flushes it when a
     * batch of replies ends and when it stops, so a file waits at most for the rest of its batch.
     */
    public static final class Group {
        /** Files per hand-over: enough to make the hand-over cheap, few enough to keep all writers busy. */
        static final int FILES = 16;
        /**
         * Bytes per hand-over, at most about (a larger body goes at once): what a connection holds before the
         * writers' room is counted stays small, however many connections a swarm has.
         */
        static final int BYTES = 64 * 1024;

        private final Supplier<FileWriters> writers;
        private List<Store> stores = new ArrayList<>(FILES);
        private int bytes;

        public Group(Supplier<FileWriters> writers) {
            this.writers = writers;
        }

        public void add(int bodyBytes, Store store) {
            stores.add(store);
            bytes += bodyBytes;
            if (stores.size() >= FILES || bytes >= BYTES) {
                flush();
            }
        }

        public void flush() {
            if (stores.isEmpty()) {
                return;
            }
            List<Store> full = stores;
            int fullBytes = bytes;
            stores = new ArrayList<>(FILES);
            bytes = 0;
            writers.get().submit(fullBytes, full);
        }
    }

    /** Waits until every queued file is stored or failed, then ends the threads. */
    @Override
    public void close() {
        threads.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (threads.awaitTermination(1, TimeUnit.HOURS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // the queued files must still finish: their outcome goes into the report
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static int permits(int bytes) {
        return Math.max(1, Math.min(MAX_WAITING_BYTES / PERMIT_BYTES, (bytes + PERMIT_BYTES - 1) / PERMIT_BYTES));
    }
}
