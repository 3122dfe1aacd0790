package dev.swarmnet.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** {@code java -jar swarmnet.jar ...}: runs one subcommand and exits with its {@link ExitCodes exit code}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (without exiting: the tests call this too). */
    public static int run(String... args) {
        List<String> words = Arrays.asList(args);
        boolean debug = words.contains("--debug");
        configureLogging(debug, words.contains("--verbose") || words.contains("-v"));
        return commandLine(debug).execute(args);
    }

    static CommandLine commandLine(boolean debug) {
        CommandLine cl = new CommandLine(new SwarmnetCommand());
        cl.setExecutionExceptionHandler(new Failures(debug));
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * slf4j-simple is shaded into the jar and configured by system properties before the first logger
     * exists: warnings and errors only, on stderr; {@code --verbose} shows swarmnet's progress (INFO),
     * {@code --debug} everything. A {@code -Dorg.slf4j.simpleLogger...} given on the java command line wins.
     */
    private static void configureLogging(boolean debug, boolean verbose) {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "warn");
        if (verbose && !debug) {
            setDefault("org.slf4j.simpleLogger.log.dev.swarmnet", "info");
        }
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.showLogName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
