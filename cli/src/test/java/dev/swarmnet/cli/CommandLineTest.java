package dev.swarmnet.cli;

import static dev.swarmnet.cli.InProcess.swarmnet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Gateway;
import dev.swarmnet.cli.InProcess.Run;
import dev.swarmnet.Subroutines;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the commands read and explain their command lines, run in this JVM as {@code swarmnet} runs them:
 * the help's order, {@code help COMMAND}, the options every command takes, the forms of durations and
 * keyword arguments, and what a mistake is told.
 */
class CommandLineTest {
    @TempDir
    Path tmp;

    private static List<CommandSpec> commands() {
        List<CommandSpec> commands = new ArrayList<>();
        for (CommandLine sub : Main.commandLine(false).getSubcommands().values()) {
            if (!sub.getCommandSpec().name().equals(Main.HELP)) {
                commands.add(sub.getCommandSpec());
            }
        }
        return commands;
    }

    @Test
    void theHelpListsTheCommandsOwnOptionsThenConnectionThenOutputThenTlsAndSecret() {
        String help = Main.commandLine(false).getSubcommands().get("get").getUsageMessage(Ansi.OFF);
        List<String> inOrder = List.of("--folder=DIR", "--regex=RE", "-o, --output=DIR", "Connection:",
                "--connect-timeout", "--timeout", "Output:", "--json", "-q, --quiet", "-v, --verbose",
                "TLS and shared secret:", "--secret-file", "--tls-ca", "Examples:");
        int at = -1;
        for (String text : inOrder) {
            int next = help.indexOf(text, at + 1);
            assertThat(next).as(text + " after the one before, in\n" + help).isGreaterThan(at);
            at = next;
        }
        for (CommandSpec command : commands()) {
            String usage = command.commandLine().getUsageMessage(Ansi.OFF);
            int tls = usage.indexOf("TLS and shared secret:");
            if (tls >= 0) {
                assertThat(usage.indexOf("Output:")).as(command.name()).isBetween(usage.indexOf("Options:"), tls);
                assertThat(usage.lastIndexOf("--tls-cert=")).as(command.name()).isGreaterThan(tls);
            }
        }
    }

    @Test
    void helpCommandPrintsTheCommandsHelp() {
        for (String name : List.of("get", "gateway", "ping")) {
            Run help = swarmnet("help", name);
            assertThat(help.code()).as(help.err()).isZero();
            assertThat(help.out()).isEqualTo(swarmnet(name, "--help").out()).contains("Usage: swarmnet " + name);
        }
        assertThat(swarmnet("help").out()).contains("Commands:", "help");
    }

    @Test
    void everyCommandTakesQuietAndVerbose() {
        for (CommandSpec command : commands()) {
            assertThat(command.findOption("-q")).as(command.name()).isNotNull();
            assertThat(command.findOption("--quiet")).as(command.name()).isNotNull();
            assertThat(command.findOption("-v")).as(command.name()).isNotNull();
        }
    }

    @Test
    void quietCommandsPrintNothingButTheirWork() throws Exception {
        try (Gateway gw = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress())
                .share(tmp).downloadDir(tmp.resolve("../" + tmp.getFileName() + "-uploads")).build()) {
            Subroutines.of(new DemoSubroutines(tmp)).forEach(gw::addSubroutine);
            gw.start(false);
            String host = "127.0.0.1:" + gw.port();
            assertThat(swarmnet("call", host, "echo", "hi")).isEqualTo(new Run(0, "hi\n", ""));
            assertThat(swarmnet("ping", host, "-n", "1").out()).contains("seq=1");
            for (String[] quiet : List.of(new String[] {"call", host, "echo", "hi", "-q"},
                    new String[] {"ping", host, "-n", "1", "-q"}, new String[] {"close", host, "--quiet"})) {
                assertThat(swarmnet(quiet)).as(String.join(" ", quiet)).isEqualTo(new Run(0, "", ""));
            }
        }
    }

    @Test
    void aMistypedCommandIsMatchedByEditDistance() {
        Run typo = swarmnet("gte", "pi.local");
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("Did you mean: swarmnet get?").doesNotContain("gateway");
        assertThat(swarmnet("pign", "pi").err()).contains("Did you mean: swarmnet ping?");
        assertThat(swarmnet("gatway").err()).contains("Did you mean: swarmnet gateway?");
        assertThat(Suggestions.closest("stram", List.of("stream", "send", "get"))).containsExactly("stream");
        assertThat(Suggestions.closest("xyzzy", List.of("stream", "send", "get"))).isEmpty();
        assertThat(Suggestions.distance("gte", "get")).isEqualTo(1);
    }

    @Test
    void aKeywordArgumentWithoutAValueIsRefusedNamingTheForm() {
        Run r = swarmnet("call", "127.0.0.1:1", "f", "--kw", "mode"); // never dialled: the parse refuses it
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("the form is --kw name=value");
    }

    @Test
    void bothTimeoutsTakeSecondsOrAUnit() throws Exception {
        for (String[] forms : List.of(new String[] {"2s", "5", "PT2S", "5000ms"}, new String[] {"2", "5s", "2000ms",
                "0.5m"})) {
            String[] line = {"ping", "pi", "--connect-timeout", forms[0], "--timeout", forms[1]};
            PingCommand picocli = (PingCommand) Main.commandLine(false).parseArgs(line).subcommand().commandSpec()
                    .userObject();
            PingCommand fast = (PingCommand) FastStart.parse(line).command();
            for (PingCommand ping : List.of(picocli, fast)) {
                assertThat(ping.connection.timeouts.connect).isEqualTo(Duration.ofSeconds(2));
                assertThat(ping.connection.timeouts.call).isEqualTo(Duration.ofSeconds(5));
            }
        }
        assertThat(Units.duration("0.5")).isEqualTo(Duration.ofMillis(500));
        Run zero = swarmnet("ping", "127.0.0.1:1", "--connect-timeout", "0");
        assertThat(zero.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).contains("--connect-timeout must be above 0");
        String help = swarmnet("ping", "--help").out();
        assertThat(help).contains("--connect-timeout=DURATION", "--timeout=DURATION", "500ms");
    }

    @Test
    void everyClientCommandTakesJsonAndAFailureIsOneJsonObjectOnStdout() throws Exception {
        List<String> clientCommands = List.of("get", "put", "ls", "ping", "call", "send", "stream", "close");
        for (CommandSpec c : commands()) {
            if (clientCommands.contains(c.name())) {
                assertThat(c.findOption("--json")).as("%s --json", c.name()).isNotNull();
            }
        }
        try (Gateway gw = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).share(tmp).build()) {
            Subroutines.of(new DemoSubroutines(tmp)).forEach(gw::addSubroutine);
            gw.start(false);
            String host = "127.0.0.1:" + gw.port();
            java.nio.file.Files.writeString(tmp.resolve("buffer"), "12345");
            assertThat(json(swarmnet("call", host, "echo", "hi", "--json")))
                    .containsEntry("subroutine", "echo").containsEntry("result", "hi");
            assertThat(json(swarmnet("send", host, "set_io", "2", "--data", tmp.resolve("buffer").toString(), "--kw",
                    "mode=fast", "--json"))).containsEntry("sent", 5);
            Run stream = swarmnet("stream", host, "sensor", "2", "--json");
            assertThat(stream.out().lines().map(CommandLineTest::json).toList())
                    .allSatisfy(chunk -> assertThat(chunk).containsKeys("ident", "chunk")).hasSize(2);
            assertThat(json(swarmnet("close", host, "--json"))).containsEntry("closed", "handler");

            Run unknown = swarmnet("call", host, "no_such_name", "--json");
            assertThat(unknown.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(json(unknown)).containsEntry("error", "UNKNOWN_SUBROUTINE").containsEntry("exit", 1)
                    .containsEntry("command", "swarmnet call");
            assertThat(unknown.err()).as("the line on stderr stays").contains("UNKNOWN_SUBROUTINE");
        }
        Run refused = swarmnet("ping", "127.0.0.1:1", "-n", "1", "--json");
        assertThat(refused.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(json(refused)).containsEntry("error", "UNREACHABLE").containsKey("message");
        Run usage = swarmnet("get", "127.0.0.1:1", "--no-such-option", "--json");
        assertThat(usage.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(json(usage)).containsEntry("error", "USAGE");
        assertThat(swarmnet("call", "127.0.0.1:1", "echo", "--", "--json").out())
                .as("--json after -- is an argument").isEmpty();
    }

    private static java.util.Map<String, Object> json(Run run) {
        assertThat(run.out().lines()).as("%s", run).hasSize(1);
        return json(run.out().strip());
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> json(String line) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(line, java.util.Map.class);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    @Test
    void anUnknownHostIsNamed() {
        Run r = swarmnet("ping", "nosuchhost.invalid", "-n", "1", "--connect-timeout", "5");
        assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("unknown host nosuchhost.invalid").doesNotContain("null");
    }
}
