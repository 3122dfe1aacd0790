package dev.swarmnet.cli;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code java -jar swarmnet.jar ...}: runs one subcommand and exits with its {@link ExitCodes exit code}. */
public final class Main {
    /** {@link #invoked}: the arguments name no command (e.g. {@code swarmnet --help}). */
    static final String NONE = "";
    /** picocli's {@code help COMMAND}, which needs every command in full. */
    static final String HELP = "help";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (without exiting: the tests call this too). */
    public static int run(String... args) {
        List<String> words = Arrays.asList(args);
        boolean debug = words.contains("--debug");
        JsonFailure.noteRequest(args);
        configureLogging(debug, words.contains("--verbose") || words.contains("-v"), runsGateway(args));
        if (namesACommand(args)) {
            prepareMeanwhile();
        }
        Integer code = FastStart.run(debug, args);
        return code != null ? code : commandLine(debug, invoked(args)).execute(args);
    }

    /**
     * The command line with every command in full when {@code invoked} is null, else with only that command
     * in full and the others as outlines. picocli builds a command's model by reflection over all its options,
     * which costs more start-up than running {@code --help} or {@code ping} itself; an outline (the name and
     * the header the root help lists) costs next to nothing. An outline is never run or parsed into: the root
     * enters only the command {@link #invoked} names.
     */
    static CommandLine commandLine(boolean debug, String invoked) {
        CommandLine cl = new CommandLine(new SwarmnetCommand());
        for (Class<?> type : SwarmnetCommand.COMMANDS) {
            Command command = type.getAnnotation(Command.class);
            if (invoked == null || invoked.equals(command.name())) {
                cl.addSubcommand(command.name(), type);
                headings(cl.getSubcommands().get(command.name()).getCommandSpec());
            } else {
                cl.addSubcommand(command.name(), outline(command));
            }
        }
        cl.addSubcommand(HELP, new CommandLine.HelpCommand());
        cl.setExecutionExceptionHandler(new Failures(debug));
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** The command line with every command in full. */
    static CommandLine commandLine(boolean debug) {
        return commandLine(debug, null);
    }

    /**
     * The headings of a command's help: its parameters, then its own options; the option groups that follow
     * (connection, output, TLS and secret) carry their own.
     */
    private static void headings(CommandSpec spec) {
        spec.usageMessage().parameterListHeading("%nParameters:%n").optionListHeading("%nOptions:%n");
    }

    /** A command's name and the texts its line in the root help is made of. */
    private static CommandSpec outline(Command command) {
        CommandSpec spec = CommandSpec.create().name(command.name()).aliases(command.aliases());
        spec.usageMessage().header(command.header()).description(command.description()).hidden(command.hidden());
        return spec;
    }

    /**
     * The command that {@code args} run, as picocli will find it: the root's options take no values, so it is
     * the first word that names a command, unless {@code --} ends the options before it; {@link #NONE} when no
     * word does. Null, for every command in full, when a word starts with {@code @} (picocli reads more
     * arguments from that file) or the command is {@code help}.
     */
    static String invoked(String... args) {
        for (String arg : args) {
            if (arg.startsWith("@") || arg.equals(HELP)) {
                return null;
            }
            if (arg.equals("--")) {
                return NONE;
            }
            for (Class<?> type : SwarmnetCommand.COMMANDS) {
                if (type.getAnnotation(Command.class).name().equals(arg)) {
                    return arg;
                }
            }
        }
        return NONE;
    }

    /**
     * Sets up, on another thread while this one reads the command line, what every command meets first and a
     * short command mostly waits for: the JDK's machinery behind lambdas (its first use links a great deal) and
     * the socket layer. On two cores that runs beside the main thread instead of in its way; class
     * initialisation locks make the main thread wait for whatever it reaches before the other thread is done.
     * Not slf4j: a logger asked for while another thread initialises it is a stand-in whose calls slf4j replays
     * later with a warning on stderr.
     */
    private static void prepareMeanwhile() {
        Thread thread = new Thread(new Runnable() { // not a lambda: linking the first one is what is to be moved
            @Override
            public void run() {
                Runnable first = () -> { };
                first.run();
                try {
                    SocketChannel.open().close();
                } catch (IOException e) {
                    // the connection will say what is wrong
                }
            }
        }, "swarmnet-prepare");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the command is {@code gateway}: its first word that is not an option (no reflection needed). */
    private static boolean runsGateway(String[] args) {
        String command = firstWord(args);
        return command != null && command.equals("gateway");
    }

    /** Whether a command runs (rather than the root's help or version). */
    private static boolean namesACommand(String[] args) {
        return firstWord(args) != null;
    }

    private static String firstWord(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    /**
     * slf4j-simple is shaded into the jar and configured by system properties before the first logger
     * exists: warnings and errors only, on stderr, but a gateway's account of its connections and transfers
     * (INFO); {@code --verbose} shows swarmnet's progress and each call (INFO),
     * {@code --debug} everything. Lines carry the time of day for a gateway, which runs for long, and with
     * {@code --verbose} or {@code --debug}; a short client command's warning does without (making the time
     * format is a sixth of such a command's start-up). A {@code -Dorg.slf4j.simpleLogger...} given on the java
     * command line wins.
     */
    private static void configureLogging(boolean debug, boolean verbose, boolean longRunning) {
        // The binding is known: naming it spares slf4j a search of the class path for one (and slf4j's note
        // that it was named).
        setDefault("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        setDefault("slf4j.internal.verbosity", "WARN");
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "warn");
        if (verbose && !debug) {
            setDefault("org.slf4j.simpleLogger.log.dev.swarmnet", "info");
        } else if (longRunning && !debug) { // a gateway says what it does: a line per connection and per transfer
            setDefault("org.slf4j.simpleLogger.log.dev.swarmnet.Gateway", "info");
        }
        boolean timestamps = longRunning || verbose || debug;
        setDefault("org.slf4j.simpleLogger.showDateTime", String.valueOf(timestamps));
        if (timestamps) { // slf4j-simple makes the format whenever one is set, shown or not
            setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        }
        setDefault("org.slf4j.simpleLogger.showLogName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
