package dev.swarmnet.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Objects;
import java.util.function.Function;

/**
 * Work to do when Ctrl-C ends the JVM (close a gateway, cut a stream, delete a temporary folder) while a
 * piece of a command runs; the hook is removed again when that piece ends, so a normal exit does not
 * run it.
 */
final class Interrupt {
    private static volatile boolean fired;
    /** How long the JVM waits, after Ctrl-C, for a cut command to say what it kept. */
    private static final long FAREWELL_WAIT_SECONDS = 5;

    private Interrupt() {
    }

    /** What runs under the hook. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    /** Runs {@code body}; if Ctrl-C (or SIGTERM) ends the JVM meanwhile, {@code onCtrlC} runs first. */
    static <T> T guard(Runnable onCtrlC, Body<T> body) throws Exception {
        return run(onCtrlC, body, null);
    }

    /**
     * As {@link #guard(Runnable, Body)}; when Ctrl-C cut the body short and it still returned, the JVM waits (a
     * few seconds at most) for {@code farewell}'s line about its result (what was kept), printed on stderr.
     */
    static <T> T guard(Runnable onCtrlC, Body<T> body, Function<T, String> farewell) throws Exception {
        return run(onCtrlC, body, Objects.requireNonNull(farewell, "farewell"));
    }

    private static <T> T run(Runnable onCtrlC, Body<T> body, Function<T, String> farewell) throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            fired = true;
            onCtrlC.run();
            if (farewell != null) {
                awaitQuietly(ended);
            }
        }, "swarmnet-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            T result = body.run();
            if (fired && farewell != null) {
                String line = farewell.apply(result);
                if (line != null) {
                    System.err.println(line);
                }
            }
            return result;
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or ran: nothing to undo
            }
        }
    }

    private static void awaitQuietly(CountDownLatch ended) {
        try {
            ended.await(FAREWELL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the JVM is shutting down on a signal: what the command's thread then sees (a cut connection)
     * is the consequence, not an error to report.
     */
    static boolean fired() {
        return fired;
    }
}
