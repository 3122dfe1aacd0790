package dev.swarmnet.cli;

/**
 * The exit codes scripts can rely on; {@code swarmnet --help} and docs/COMMAND.md list them.
 */
public final class ExitCodes {
    /** Everything went as asked. */
    public static final int OK = 0;
    /** The operation failed: the gateway refused or failed it (unknown subroutine, forbidden path or remote close, bad arguments, ...), or a local file could not be read or written. */
    public static final int FAILED = 1;
    /** The command line is wrong: unknown option, missing or malformed argument, missing local file, a {@code get -o} folder that is a file, cannot be created or is not writable (told before connecting). */
    public static final int USAGE = 2;
    /** The network: cannot connect (refused, unknown host, timeout), the TLS handshake failed (untrusted certificate, wrong pin, TLS on one side only), shared-secret authentication failed, the handler pool is full, the connection was lost, or the gateway cannot listen on its port. */
    public static final int UNREACHABLE = 3;
    /** A file transfer finished but some files failed (they are listed on stderr). */
    public static final int PARTIAL = 4;
    /** The operation outlived its {@code --timeout} (as coreutils' timeout reports it). */
    public static final int TIMED_OUT = 124;
    /** Interrupted by Ctrl-C (SIGINT), as shells report it. */
    public static final int INTERRUPTED = 130;

    /** The table shown at the end of {@code swarmnet --help}. */
    static final String TABLE = "%nExit codes:%n"
            + "  0    ok%n"
            + "  1    the operation failed: a remote error (unknown subroutine, bad arguments,%n"
            + "       forbidden path or remote close, subroutine failed, ...) or a local%n"
            + "       file error%n"
            + "  2    usage error: unknown option, bad or missing argument, missing local file,%n"
            + "       a get -o folder that cannot be used%n"
            + "  3    cannot connect (also: TLS handshake or shared-secret authentication%n"
            + "       failed), handler pool full, connection lost, cannot listen%n"
            + "  4    a transfer finished but some files failed (listed on stderr)%n"
            + "  124  the operation outlived its --timeout%n"
            + "  130  interrupted (Ctrl-C)%n";

    private ExitCodes() {
    }
}
