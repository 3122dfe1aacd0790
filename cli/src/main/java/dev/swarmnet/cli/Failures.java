package dev.swarmnet.cli;

import dev.swarmnet.DeadlineExceededException;
import dev.swarmnet.NameEncodingException;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.RemoteException;
import dev.swarmnet.SwarmnetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into ONE line on stderr ({@code swarmnet <command>: <what happened>}) and
 * an exit code; the stack trace only with {@code --debug}. The library's hints (a Java call to make) are
 * replaced by the options that do the same ({@link Hints}).
 */
final class Failures implements IExecutionExceptionHandler {
    private final boolean debug;

    Failures(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        return report(ex, cl.getCommandSpec().qualifiedName());
    }

    /** Reports what {@code command} (e.g. {@code swarmnet get}) threw; the exit code. */
    int report(Exception ex, String command) {
        if (Interrupt.fired()) {
            return ExitCodes.INTERRUPTED; // Ctrl-C cut the connection on purpose; the JVM exits 130 anyway
        }
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        int code = exitCode(e);
        String message = Hints.forCli(message(e));
        System.out.flush();
        JsonFailure.print(command, code, e, message);
        System.err.println(command + ": " + message
                + (debug || code != ExitCodes.FAILED || e instanceof CliException || e instanceof RemoteException
                        || e instanceof IOException || e instanceof NameEncodingException ? ""
                        : " (--debug shows the stack trace)"));
        if (debug) {
            e.printStackTrace(System.err);
        }
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof CliException c) {
            return c.exitCode();
        }
        if (e instanceof PoolFullException) {
            return ExitCodes.UNREACHABLE;
        }
        if (e instanceof DeadlineExceededException) {
            return ExitCodes.TIMED_OUT;
        }
        if (e instanceof RemoteException) {
            return ExitCodes.FAILED;
        }
        if (isNetwork(e)) {
            return ExitCodes.UNREACHABLE;
        }
        if (e instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILED;
    }

    /** A failure of the connection itself (not of the operation, not of a local file). */
    static boolean isNetwork(Throwable e) {
        return e instanceof SwarmnetException && !(e instanceof RemoteException)
                || e instanceof ConnectException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException || e instanceof SocketTimeoutException
                || e instanceof SocketException || e instanceof java.io.EOFException;
    }

    static String message(Throwable e) {
        if (e instanceof CliException) {
            return e.getMessage();
        }
        if (e instanceof PoolFullException p) {
            return "the gateway's handler pool is full: " + p.remoteMessage();
        }
        if (e instanceof RemoteException r) {
            return r.errorCode() + ": " + r.remoteMessage();
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileSystemException f) {
            return f.getMessage();
        }
        String text = e.getMessage();
        if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof NameEncodingException) {
            return text != null ? text : e.getClass().getSimpleName();
        }
        return e.getClass().getName() + (text != null ? ": " + text : "");
    }
}
