package dev.swarmnet.testkit;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The queue between one direction's reader and writer, bounded by bytes. The writer peeks at the
 * head and removes it only once it is fully written, so queued bytes include the chunk in progress
 * and the bound really bounds memory. A stalled line holds its bytes and hands nothing out.
 */
final class DelayLine {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final LongSupplier capacityBytes;
    private long queuedBytes;
    private volatile boolean stalled;
    private volatile boolean closed;

    /** @param capacityBytes read on every put, so capacity follows run-time changes of the link settings */
    DelayLine(LongSupplier capacityBytes, boolean stalled) {
        this.capacityBytes = capacityBytes;
        this.stalled = stalled;
    }

    /**
     * Appends a chunk, blocking while the line is full. A chunk is always accepted into an empty
     * line, so a chunk larger than the capacity cannot wedge the line.
     *
     * @return false if the line was closed (the chunk is dropped)
     */
    boolean put(Chunk chunk) {
        lock.lock();
        try {
            while (!closed && queuedBytes > 0 && queuedBytes + chunk.length() > capacityBytes.getAsLong()) {
                notFull.await();
            }
            if (closed) {
                return false;
            }
            chunks.addLast(chunk);
            queuedBytes += chunk.length();
            writable.signalAll();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest chunk, without removing it; blocks while the line is empty or stalled.
     *
     * @return null once the line is closed
     */
    Chunk awaitHead() {
        lock.lock();
        try {
            while (!closed && (stalled || chunks.isEmpty())) {
                writable.await();
            }
            return closed ? null : chunks.peekFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Removes the head chunk once it is fully written, making room for the reader. */
    void removeHead() {
        lock.lock();
        try {
            Chunk head = chunks.pollFirst();
            if (head != null) {
                queuedBytes -= head.length();
                notFull.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void stall(boolean stall) {
        lock.lock();
        try {
            stalled = stall;
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isStalled() {
        return stalled;
    }

    /** Drops everything and wakes both ends for good. */
    void close() {
        lock.lock();
        try {
            closed = true;
            chunks.clear();
            queuedBytes = 0;
            notFull.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }
}
