package dev.swarmnet.internal;

import dev.swarmnet.ThreadMode;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread creation for handlers, clients' helpers and stream workers. Virtual threads are looked up by
 * reflection so that one Java 17 build uses them on Java 21+.
 */
public final class Threads {
    /** Above this pool size, {@link ThreadMode#AUTO} picks virtual threads where they exist. */
    public static final int AUTO_VIRTUAL_POOL_SIZE = 512;

    /** Idle pooled helper threads end after this, so an idle process holds none. */
    private static final long IDLE_HELPER_SECONDS = 5;

    private static final Method OF_VIRTUAL = lookupOfVirtual();
    private static final AtomicLong COUNTER = new AtomicLong();

    private Threads() {
    }

    /** Whether this JVM has virtual threads (Java 21+). */
    public static boolean virtualAvailable() {
        return OF_VIRTUAL != null;
    }

    /** Whether {@code mode} means virtual threads for a pool of {@code poolSize}. */
    public static boolean useVirtual(ThreadMode mode, int poolSize) {
        switch (mode) {
            case VIRTUAL:
                if (!virtualAvailable()) {
                    throw new IllegalStateException("ThreadMode.VIRTUAL needs Java 21 or later; this is "
                            + System.getProperty("java.version"));
                }
                return true;
            case PLATFORM:
                return false;
            default:
                return virtualAvailable() && poolSize > AUTO_VIRTUAL_POOL_SIZE;
        }
    }

    /** A factory for daemon threads named {@code prefix-N}, virtual or platform. */
    public static ThreadFactory factory(String prefix, boolean virtual) {
        if (virtual) {
            return virtualFactory(prefix);
        }
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + COUNTER.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * An executor for short-lived helpers (stream workers and writers): a cached pool of platform
     * threads, so a stream does not pay for a new thread, or one virtual thread per task.
     */
    public static HelperExecutor helperExecutor(String prefix, boolean virtual) {
        ThreadFactory factory = factory(prefix, virtual);
        if (virtual) {
            return new HelperExecutor(task -> factory.newThread(task).start(), () -> { });
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_HELPER_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), factory);
        return new HelperExecutor(pool, pool::shutdown);
    }

    /**
     * Runs helper tasks; {@link #close()} lets the idle pooled threads go at once (a closed gateway keeps
     * none for the idle timeout) while running tasks finish.
     */
    public record HelperExecutor(Executor executor, Runnable shutdown) implements Executor, AutoCloseable {
        @Override
        public void execute(Runnable task) {
            executor.execute(task);
        }

        @Override
        public void close() {
            shutdown.run();
        }
    }

    private static ThreadFactory virtualFactory(String prefix) {
        try {
            Object builder = OF_VIRTUAL.invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix + "-v", 1L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads are present but could not be created", e);
        }
    }

    private static Method lookupOfVirtual() {
        try {
            return Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
