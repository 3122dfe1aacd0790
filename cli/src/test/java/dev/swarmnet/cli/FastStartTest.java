package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@link FastStart} does what picocli does, or leaves the command line to picocli: the root help it prints
 * is picocli's, byte for byte, and every command object it fills has the same field values as picocli's
 * parse of the same words. The command lines are made from picocli's model of every command (each option
 * alone, in each spelling, with a value of its type), so a new option is covered when it is added.
 */
class FastStartTest {
    @Test
    void theRootHelpIsPicocliHelpPlainAndInColour() {
        for (Ansi ansi : List.of(Ansi.OFF, Ansi.ON)) {
            CommandLine cl = Main.commandLine(false);
            StringWriter printed = new StringWriter();
            cl.setOut(new PrintWriter(printed));
            cl.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
            assertThat(cl.execute("--help")).isZero();
            assertThat(FastStart.rootHelpText(ansi == Ansi.ON)).as("root help, ansi " + ansi).isEqualTo(printed.toString());
        }
        assertThat(FastStart.rootHelpText(true)).contains("\u001B[");
    }

    @Test
    void swarmnetHelpPrintsTheRootHelp() {
        for (String help : List.of("--help", "-h")) {
            InProcess.Run run = InProcess.swarmnet(help);
            assertThat(run.code()).isZero();
            assertThat(run.out()).isEqualTo(FastStart.rootHelpText(false));
        }
    }

    @Test
    void everyOptionAndParameterIsReadAsPicocliReadsIt() throws Exception {
        int compared = 0;
        for (String[] args : commandLines()) {
            FastStart.Parsed fast;
            try {
                fast = FastStart.parse(args);
            } catch (Exception e) {
                fast = null; // a value FastStart cannot convert: picocli runs it
            }
            if (fast == null) {
                continue;
            }
            ParseResult parsed = Main.commandLine(false).parseArgs(args);
            Object picocli = parsed.subcommand().commandSpec().userObject();
            assertSameFields(fast.command(), picocli, String.join(" ", args));
            compared++;
        }
        assertThat(compared).as("command lines FastStart ran").isGreaterThan(150);
    }

    @Test
    void theCommonCommandLinesRunWithoutPicocli() throws Exception {
        for (String line : List.of("ping pi.local", "ping 127.0.0.1:1857 -n 1", "ping pi.local --count=2 --json",
                "--debug ping [::1]:99 -q", "get pi.local --folder /var/log -r --regex .+\\.log -c 4 -o logs",
                "put pi.local a.bin b.bin --dirname backup -c 2", "call pi.local mount_usage 123 --as float",
                "call pi.local greet pi --as TEXT", "send pi.local set_io 2 --data commands.bin",
                "stream pi.local sensor 4 --max 10 --ident", "close pi.local --gateway -q",
                "call pi.local f --kw a=1 --kw b=x=y -v", "ping pi.local --connect-timeout 2s --stall-timeout 5",
                "gateway --share /srv --share /tmp --bind 127.0.0.1 -p 0 --pool 16 --idle-timeout 5m",
                "ping pi.local --tls-pin AA --tls-pin BB --timeout 30s", "demo --files 10")) {
            assertThat(FastStart.parse(line.split(" "))).as(line).isNotNull();
        }
    }

    @Test
    void whatPicocliMustSayIsLeftToPicocli() throws Exception {
        for (String line : List.of("", "--help ping", "-h ping", "ping", "ping --help", "ping -h pi", "ping pi -V",
                "ping pi extra", "ping pi -n", "ping pi -n 1 -n 2", "ping pi -n2", "ping pi -qn1", "ping pi --cuont 3",
                "ping pi --json=true", "ping pi --count=", "ping pi -n -1", "ping -- pi", "ping pi --debug --debug",
                "--debug ping pi --debug", "fly", "put pi", "get pi --file a b", "help", "help ping",
                "send pi f", "ping pi --secret s", "gateway --tls-keystore-password x", "@args.txt", "ping @pi",
                "call pi f -1", "ping pi --message -x")) {
            String[] args = line.isEmpty() ? new String[0] : line.split(" ");
            assertThat(FastStart.parse(args)).as(line).isNull();
        }
    }

    @Test
    void aValueThatDoesNotConvertIsLeftToPicocli() {
        for (String line : List.of("ping pi -n x", "ping pi:99999", "ping pi --timeout soon", "call pi f --as bogus", "call pi f --kw a",
                "gateway --max-args-size 4MB")) {
            assertThat(FastStart.run(false, line.split(" "))).as(line).isNull();
        }
    }

    /** Each option of each command alone, in each spelling, with the parameters it needs; then all at once. */
    private static List<String[]> commandLines() {
        List<String[]> lines = new ArrayList<>();
        CommandLine root = Main.commandLine(false);
        for (CommandLine sub : root.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            List<String> base = new ArrayList<>(List.of(spec.name()));
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.arity().min() > 0) {
                    base.add(sample(p));
                }
            }
            lines.add(base.toArray(String[]::new));
            lines.add(concat(List.of("--debug"), base));
            List<String> all = new ArrayList<>(base);
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.isMultiValue()) {
                    lines.add(concat(base, List.of(sample(p), "\"quoted\"", "x=1")));
                    all.add(sample(p));
                }
            }
            for (OptionSpec o : spec.options()) {
                for (String name : o.names()) {
                    if (o.arity().max() == 0) {
                        lines.add(concat(base, List.of(name)));
                        lines.add(concat(base.subList(0, 1), List.of(name), base.subList(1, base.size())));
                    } else {
                        lines.add(concat(base, List.of(name, sample(o))));
                        lines.add(concat(base, List.of(name, sample(o), name, sample(o))));
                        lines.add(concat(base, List.of(name + "=" + sample(o))));
                        lines.add(concat(base, List.of(name, "\"quoted value\"")));
                        lines.add(concat(base, List.of(name, "")));
                    }
                }
                if (!o.usageHelp() && !o.versionHelp() && !(o.userObject() instanceof java.lang.reflect.Method)
                        && o.arity().max() <= 1 && !java.util.Map.class.isAssignableFrom(o.type())) {
                    all.add(o.names()[o.names().length - 1]);
                    if (o.arity().max() > 0) {
                        all.add(sample(o));
                    }
                }
            }
            lines.add(all.toArray(String[]::new));
        }
        return lines;
    }

    /** A valid value for an option or parameter of this type. */
    private static String sample(ArgSpec arg) {
        Class<?> type = arg.isMultiValue() && arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
        if (arg.converters().length > 0) {
            String converter = arg.converters()[0].getClass().getSimpleName();
            return switch (converter) {
                case "Converter" -> "127.0.0.1:1857";
                case "DurationConverter" -> "90s";
                case "BytesConverter" -> "64K";
                case "KeywordConverter" -> "mode=fast";
                default -> throw new AssertionError("no sample value for " + converter);
            };
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[type.getEnumConstants().length - 1].toString().toLowerCase(Locale.ROOT);
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "7";
        }
        if (type == double.class || type == Double.class) {
            return "2.5";
        }
        return type == String.class && arg instanceof PositionalParamSpec ? "word" : "some/file.txt";
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        Arrays.stream(parts).forEach(all::addAll);
        return all.toArray(String[]::new);
    }

    /** Every field of the two command objects (and of their mixins and option groups) holds equal values. */
    private static void assertSameFields(Object fast, Object picocli, String line) throws IllegalAccessException {
        assertThat(fast).as(line).hasSameClassAs(picocli);
        for (Class<?> c = fast.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType() == CommandSpec.class) {
                    continue;
                }
                f.setAccessible(true);
                Object a = f.get(fast);
                Object b = f.get(picocli);
                if (f.isAnnotationPresent(CommandLine.Mixin.class) || f.isAnnotationPresent(CommandLine.ArgGroup.class)) {
                    assertThat(a).as(line + ": mixin or group " + f.getName()).isNotNull();
                    assertSameFields(a, b, line);
                } else {
                    assertThat(Objects.equals(a, b)).as(line + ": " + c.getSimpleName() + "." + f.getName() + " = " + a
                            + " (picocli: " + b + ")").isTrue();
                }
            }
        }
    }
}
