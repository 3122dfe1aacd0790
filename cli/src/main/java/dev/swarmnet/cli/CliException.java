package dev.swarmnet.cli;

/** A failure the command has already put in words, with the exit code it means. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    /**
     * Applies option values to a builder: a value the builder refuses (an IllegalArgumentException that
     * says why) is a usage error, exit code 2, with the builder's message.
     */
    static void usageErrors(Runnable settings) {
        try {
            settings.run();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }
}
