package dev.swarmnet.cli;

/**
 * Work to do when Ctrl-C ends the JVM (close a gateway, cut a stream, delete a temporary folder) while a
 * piece of a command runs; the hook is removed again when that piece ends, so a normal exit does not
 * run it.
 */
final class Interrupt {
    private static volatile boolean fired;

    private Interrupt() {
    }

    /** What runs under the hook. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    /** Runs {@code body}; if Ctrl-C (or SIGTERM) ends the JVM meanwhile, {@code onCtrlC} runs first. */
    static <T> T guard(Runnable onCtrlC, Body<T> body) throws Exception {
        Thread hook = new Thread(() -> {
            fired = true;
            onCtrlC.run();
        }, "swarmnet-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or ran: nothing to undo
            }
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
