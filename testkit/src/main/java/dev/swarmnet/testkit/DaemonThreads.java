package dev.swarmnet.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The threads one proxy started, so that closing the proxy can wait for all of them. Daemon threads
 * so that a test that forgets to close a proxy cannot keep the JVM alive.
 */
final class DaemonThreads {
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();

    /** Starts {@code body} on a new platform daemon thread called {@code name}. */
    Thread start(String name, Runnable body) {
        // Threads are pruned here rather than removing themselves on exit: a thread that removed
        // itself could still be running its last instructions when joinAll looks, and be missed.
        started.removeIf(thread -> !thread.isAlive());
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        started.add(thread);
        thread.start();
        return thread;
    }

    /**
     * Waits, at most {@code timeout} in total, for every started thread (except the caller) to end.
     *
     * @return whether they all ended in time
     */
    boolean joinAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : List.copyOf(started)) {
            if (thread != Thread.currentThread() && !join(thread, deadline)) {
                return false;
            }
        }
        return true;
    }

    private static boolean join(Thread thread, long deadlineNanos) {
        try {
            long remainingNanos = deadlineNanos - System.nanoTime();
            if (remainingNanos > 0) {
                // join(0) would mean "forever", so never round a short remaining wait down to it.
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
