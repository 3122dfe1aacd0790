package dev.swarmnet.internal.client;

import dev.swarmnet.StreamCallback;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.internal.Rethrow;
import dev.swarmnet.internal.Threads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One stream subroutine running on every connection of a swarm: one thread per connection (the
 * first on the caller's), one shared callback, and one abort for all — once the callback says stop
 * or throws, every connection's callback answers false.
 *
 * <p>Threads and fields. {@link #onChunk} runs on every connection's thread at once (the caller's and the
 * {@code swarmnet-swarm-stream} threads, each inside its own client's stream {@link Operation}): the user's
 * {@code callback} must be thread-safe, and {@code aborted} is volatile, set by any of them and by
 * {@link #runAll} on the caller's thread when a stream fails, read by all. {@link #runAll} itself runs on the
 * caller's thread; its tasks are local to it.
 */
public final class SwarmStream {
    private final StreamCallback callback;
    private volatile boolean aborted;

    public SwarmStream(StreamCallback callback) {
        this.callback = callback;
    }

    /** The callback every connection's stream calls. */
    public boolean onChunk(String name, long ident, byte[] bytes) throws Exception {
        if (aborted) {
            return false;
        }
        try {
            if (!callback.onChunk(name, ident, bytes)) {
                aborted = true;
            }
        } catch (Exception | Error e) {
            aborted = true;
            throw e;
        }
        return !aborted;
    }

    /** Runs every call to its end; true when all completed, the first failure thrown otherwise. */
    public boolean runAll(List<Callable<Boolean>> calls) throws IOException {
        List<FutureTask<Boolean>> tasks = new ArrayList<>();
        for (Callable<Boolean> call : calls) {
            tasks.add(new FutureTask<>(call));
        }
        for (int i = 1; i < tasks.size(); i++) {
            Threads.factory("swarmnet-swarm-stream", false).newThread(tasks.get(i)).start();
        }
        tasks.get(0).run();
        boolean completed = true;
        Throwable failure = null;
        for (FutureTask<Boolean> task : tasks) {
            try {
                completed &= task.get();
            } catch (ExecutionException e) {
                aborted = true;
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SwarmnetException("interrupted while waiting for the swarm's streams", e);
            }
        }
        if (failure != null) {
            Rethrow.asIoException(failure, "a swarm stream failed");
        }
        return completed && !aborted;
    }
}
