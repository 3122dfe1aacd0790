package dev.swarmnet.internal.transfer;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Arrays for the small file bodies a download holds between the socket and the writer threads, used again
 * and again instead of allocated per file: a source tree of 222 MB in 15,000 files allocated all of it, and a
 * short-lived command spent a sixth of its connection thread's time faulting in the fresh heap pages. Arrays
 * come in powers of two from 4 KiB to the largest small body; at most {@link #MAX_KEPT_BYTES} are kept idle.
 * Thread-safe: taken on a connection's thread, given back on a writer's.
 */
public final class BodyBuffers {
    /** Idle arrays kept at most, in bytes; beyond, a returned array is left to the garbage collector. */
    static final long MAX_KEPT_BYTES = 8L * 1024 * 1024;
    private static final int SMALLEST_SHIFT = 12;

    private final ConcurrentLinkedQueue<byte[]>[] idle;
    private final AtomicLong keptBytes = new AtomicLong();
    private static final byte[] EMPTY = new byte[0];

    /** @param largest the largest body that will be asked for (at least 4 KiB) */
    @SuppressWarnings("unchecked")
    public BodyBuffers(int largest) {
        idle = new ConcurrentLinkedQueue[sizeClass(largest) + 1];
        for (int i = 0; i < idle.length; i++) {
            idle[i] = new ConcurrentLinkedQueue<>();
        }
    }

    /** An array of at least {@code length} bytes (its contents are whatever the last user left). */
    public byte[] take(int length) {
        if (length == 0) {
            return EMPTY;
        }
        int c = sizeClass(length);
        byte[] kept = idle[c].poll();
        if (kept == null) {
            return new byte[1 << (c + SMALLEST_SHIFT)];
        }
        keptBytes.addAndGet(-kept.length);
        return kept;
    }

    /** Gives an array from {@link #take} back, once nothing reads it any more. */
    public void give(byte[] array) {
        if (array.length == 0 || keptBytes.addAndGet(array.length) > MAX_KEPT_BYTES) {
            if (array.length != 0) {
                keptBytes.addAndGet(-array.length);
            }
            return;
        }
        idle[sizeClass(array.length)].offer(array);
    }

    /** 0 for up to 4 KiB, 1 for up to 8 KiB, ... */
    private static int sizeClass(int length) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, length - 1));
        return Math.max(0, bits - SMALLEST_SHIFT);
    }
}
