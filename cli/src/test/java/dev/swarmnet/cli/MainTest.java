package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Main builds in full only the command a command line names, the others as outlines: every help text is
 * still the one the full model prints, and the command it builds is the one picocli enters.
 */
class MainTest {
    @Test
    void theRootHelpOfOutlinesIsTheFullRootHelp() {
        for (Ansi ansi : List.of(Ansi.OFF, Ansi.ON)) {
            String full = Main.commandLine(false).getUsageMessage(ansi);
            assertThat(Main.commandLine(false, Main.NONE).getUsageMessage(ansi)).isEqualTo(full);
            assertThat(Main.commandLine(false, "ping").getUsageMessage(ansi)).isEqualTo(full);
        }
        assertThat(Main.commandLine(false).getUsageMessage(Ansi.OFF))
                .contains("gateway", "get", "put", "ping", "call", "send", "stream", "close", "demo", "Exit codes:");
    }

    @Test
    void eachCommandBuiltAloneHasItsFullHelp() {
        CommandLine full = Main.commandLine(false);
        assertThat(full.getSubcommands()).hasSize(SwarmnetCommand.COMMANDS.size() + 1).containsKey(Main.HELP);
        for (String name : full.getSubcommands().keySet()) {
            CommandLine alone = Main.commandLine(false, name).getSubcommands().get(name);
            assertThat(alone.getUsageMessage(Ansi.OFF)).as(name)
                    .isEqualTo(full.getSubcommands().get(name).getUsageMessage(Ansi.OFF));
            assertThat(alone.getCommandSpec().options()).as(name).isNotEmpty();
        }
    }

    @Test
    void theInvokedCommandIsTheOnePicocliEnters() {
        assertThat(Main.invoked("ping", "pi")).isEqualTo("ping");
        assertThat(Main.invoked("--debug", "get", "pi", "--file", "ping")).isEqualTo("get");
        assertThat(Main.invoked("fly", "close", "pi")).isEqualTo("close");
        assertThat(Main.invoked("--help")).isEqualTo(Main.NONE);
        assertThat(Main.invoked("--", "ping")).isEqualTo(Main.NONE);
        assertThat(Main.invoked("@more-args.txt")).isNull();
        for (String[] args : List.of(new String[] {"ping", "pi"}, new String[] {"--debug", "get", "pi", "--file", "ping"},
                new String[] {"call", "pi", "stream"})) {
            CommandLine cl = Main.commandLine(false, Main.invoked(args));
            String entered = cl.parseArgs(args).subcommand().commandSpec().name();
            assertThat(entered).isEqualTo(Main.invoked(args));
            assertThat(cl.getSubcommands().get(entered).getCommandSpec().userObject())
                    .isInstanceOf(java.util.concurrent.Callable.class);
        }
    }
}
