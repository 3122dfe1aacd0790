package dev.swarmnet.testkit;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** Runs blocking socket code on its own daemon thread, so a test can read while it writes. */
final class Background {
    interface IoAction {
        void run() throws IOException;
    }

    interface IoSupplier<T> {
        T get() throws IOException;
    }

    private Background() {
    }

    static CompletableFuture<Void> run(String name, IoAction action) {
        return supply(name, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Like {@link CompletableFuture#supplyAsync}, but always on a fresh thread: the common pool may
     * have a single thread, and these tasks block.
     */
    static <T> CompletableFuture<T> supply(String name, IoSupplier<T> supplier) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(supplier.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }
}
