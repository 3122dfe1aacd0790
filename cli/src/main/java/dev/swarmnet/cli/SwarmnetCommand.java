package dev.swarmnet.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "swarmnet", mixinStandardHelpOptions = true, version = "swarmnet 0.1.0",
        description = {"Socket swarms from the command line: run a gateway, call its subroutines, move files with"
                + " one or many connections. HOST[:PORT] defaults to port 1857 (pynetwork's).",
                "Run 'swarmnet demo' for a one-command tour."},
        footer = ExitCodes.TABLE,
        commandListHeading = "%nCommands:%n")
final class SwarmnetCommand implements Runnable {
    /**
     * The commands, in the order {@code swarmnet --help} lists them. {@link Main} adds them: in full only
     * the one a command line names, the others as their names and headers (see {@link Main#commandLine}).
     */
    static final List<Class<?>> COMMANDS = List.of(GatewayCommand.class, GetCommand.class, PutCommand.class,
            LsCommand.class,
            PingCommand.class, CallCommand.class, SendCommand.class, StreamCommand.class, CloseCommand.class,
            DemoCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show stack traces and debug logs on errors.")
    boolean debug;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command");
    }
}
