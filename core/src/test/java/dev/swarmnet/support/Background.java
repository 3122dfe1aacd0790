package dev.swarmnet.support;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** Runs blocking work on a dedicated daemon thread (never a shared pool that a blocked task could starve). */
public final class Background {
    private Background() {
    }

    /** Starts {@code work} on a new thread; the future completes with its result or failure. */
    public static <T> CompletableFuture<T> call(String threadName, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** {@link #call} for work without a result. */
    public static CompletableFuture<Void> run(String threadName, ThrowingRunnable work) {
        return call(threadName, () -> {
            work.run();
            return null;
        });
    }

    /** A runnable that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
