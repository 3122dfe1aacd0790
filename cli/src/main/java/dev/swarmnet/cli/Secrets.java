package dev.swarmnet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The shared secret and the key store password, from a file or the environment, never from the command
 * line: every user of the machine can read a process's arguments ({@code ps}, {@code /proc/PID/cmdline}),
 * and shells keep them in their history.
 */
final class Secrets {
    /** The shared secret, as text (its UTF-8 bytes), when no {@code --secret-file} is given. */
    static final String SECRET_ENV = "SWARMNET_SECRET";
    /** The password of {@code --tls-keystore}, when no {@code --tls-keystore-password-file} is given. */
    static final String KEYSTORE_PASSWORD_ENV = "SWARMNET_KEYSTORE_PASSWORD";

    /** Reads an environment variable; a test running commands in its own JVM replaces it to ignore the build's. */
    static Function<String, String> environment = System::getenv;

    private Secrets() {
    }

    /**
     * The shared secret: the bytes of {@code file} exactly as they are (a final newline counts, as for a
     * program that reads the file with {@code Files.readAllBytes}); without a file the UTF-8 bytes of
     * {@value #SECRET_ENV} if it is set and not empty; else null (no secret).
     */
    static byte[] sharedSecret(Path file) {
        if (file != null) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw unreadable("--secret-file", file, e);
            }
        }
        String env = environment.apply(SECRET_ENV);
        return env == null || env.isEmpty() ? null : env.getBytes(StandardCharsets.UTF_8);
    }

    /** Where {@link #sharedSecret} came from, for error messages. */
    static String secretSource(Path file) {
        return file != null ? "--secret-file " + file : SECRET_ENV;
    }

    /**
     * A key store password: the first line of {@code file} (without its line end), else
     * {@value #KEYSTORE_PASSWORD_ENV}; a usage error when neither is there.
     */
    static char[] keyStorePassword(Path file) {
        if (file != null) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw unreadable("--tls-keystore-password-file", file, e);
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            Arrays.fill(bytes, (byte) 0);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
        }
        String env = environment.apply(KEYSTORE_PASSWORD_ENV);
        if (env == null) {
            throw new CliException(ExitCodes.USAGE, "--tls-keystore needs its password: --tls-keystore-password-file"
                    + " FILE, or the environment variable " + KEYSTORE_PASSWORD_ENV);
        }
        return env.toCharArray();
    }

    /**
     * The usage error for a secret typed on the command line ({@code option}), naming what to use instead.
     */
    static ParameterException refused(CommandSpec spec, String option, String instead) {
        return new ParameterException(spec.commandLine(), option + " is not accepted: arguments are visible to every"
                + " user of this machine (ps, /proc) and stay in shell history; use " + instead);
    }

    private static CliException unreadable(String option, Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied"
                : Files.isDirectory(file) ? "a folder, not a file" : e.toString();
        return new CliException(ExitCodes.USAGE, option + " " + file + ": " + why, e);
    }
}
