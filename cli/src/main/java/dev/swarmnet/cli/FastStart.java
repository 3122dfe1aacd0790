package dev.swarmnet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs the plain command lines without picocli's model, which costs more start-up than a short command
 * itself: picocli reads every annotation by reflection and generates classes for them on each run. The
 * build writes (with {@link FastStartTables}, from that same model) the root help as picocli prints it and,
 * for each command, its options and parameters with the fields they set. A command line of plain words
 * and options this class reads exactly as picocli would is run here: {@code swarmnet --help}, or a command
 * whose options are each given once as {@code --name value}, {@code --name=value}, {@code -n value} or a
 * flag, with values that convert. Anything else (an unknown or repeated option, a missing or malformed
 * value, help, {@code --}, an {@code @file}, a picocli system property) returns null, and picocli runs the
 * command line: with its own messages for every mistake.
 */
final class FastStart {
    /** The tables, next to this class. */
    static final String TABLE = "fast-start.tsv";
    static final String ROOT_HELP = "root-help.txt";
    static final String ROOT_HELP_ANSI = "root-help-ansi.txt";

    private FastStart() {
    }

    /** Runs the command line and returns its exit code, or null when picocli must run it. */
    static Integer run(boolean debug, String... args) {
        if (!plain(args)) {
            return null;
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            return rootHelp();
        }
        Parsed parsed;
        try {
            parsed = parse(args);
        } catch (Exception e) {
            return null; // a value that does not convert, ...: picocli says what is wrong
        }
        if (parsed == null) {
            return null;
        }
        try {
            Object result = parsed.command().call();
            return result instanceof Integer code ? code : ExitCodes.OK;
        } catch (Exception e) {
            return new Failures(debug).report(e, "swarmnet " + parsed.name());
        }
    }

    /** No {@code @file} (picocli reads arguments from it) and no picocli system property (trace, width, ...). */
    private static boolean plain(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("@")) {
                return false;
            }
        }
        for (Object key : System.getProperties().keySet()) {
            if (key instanceof String s && s.startsWith("picocli.")) {
                return false;
            }
        }
        return true;
    }

    /** Prints the root help, in colour where picocli would use it. */
    private static Integer rootHelp() {
        String text = rootHelpText(picocli.CommandLine.Help.Ansi.AUTO.enabled());
        if (text == null) {
            return null;
        }
        System.out.print(text);
        System.out.flush();
        return ExitCodes.OK;
    }

    /** The root help as picocli prints it, plain or in colour; null when the build wrote none. */
    static String rootHelpText(boolean ansi) {
        try {
            String text = resource(ansi ? ROOT_HELP_ANSI : ROOT_HELP);
            return text == null ? null : text.replace("\n", System.lineSeparator());
        } catch (IOException e) {
            return null;
        }
    }

    /** A command ready to run, and its name. */
    record Parsed(String name, Callable<?> command) {
    }

    /**
     * The command {@code args} name with its fields set as picocli would set them; null when this class
     * cannot tell (picocli then runs the command line). A value that does not convert throws.
     */
    static Parsed parse(String... args) throws Exception {
        String table = plain(args) ? resource(TABLE) : null;
        if (table == null) {
            return null;
        }
        int at = 0;
        boolean debugSeen = false;
        while (at < args.length && args[at].equals("--debug") && !debugSeen) {
            debugSeen = true; // the root's only option that may come before the command
            at++;
        }
        if (at == args.length) {
            return null;
        }
        Command command = Command.read(table, args[at]);
        if (command == null) {
            return null;
        }
        Callable<?> target = (Callable<?>) Class.forName(command.className).getDeclaredConstructor().newInstance();
        for (String mixin : command.mixins) {
            mixin(target, mixin);
        }
        for (Option option : command.options) {
            if (option.defaultValue != null) {
                set(target, option.field, convert(option.type, option.defaultValue));
            }
        }
        Set<Option> seen = new HashSet<>();
        Map<Option, List<Object>> lists = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (at++; at < args.length; at++) {
            String arg = args[at];
            if (!arg.startsWith("-")) {
                positional.add(arg);
                continue;
            }
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            Option option = command.byName.get(eq < 0 ? arg : arg.substring(0, eq));
            if (option == null || !seen.add(option) && !option.kind.equals("list")) {
                return null; // unknown, clustered or attached (-n4), or given twice
            }
            switch (option.kind) {
                case "noop", "flag" -> {
                    if (eq >= 0 || option.kind.equals("noop") && debugSeen) {
                        return null;
                    }
                    if (option.kind.equals("flag")) {
                        set(target, option.field, Boolean.TRUE);
                    }
                }
                case "value", "list" -> {
                    String value;
                    if (eq >= 0) {
                        value = arg.substring(eq + 1);
                    } else if (at + 1 < args.length) {
                        value = args[++at];
                    } else {
                        return null;
                    }
                    if (value.isEmpty() || value.startsWith("-")) {
                        return null; // picocli may take it for an option
                    }
                    Object converted = convert(option.type, value);
                    if (option.kind.equals("value")) {
                        set(target, option.field, converted);
                    } else {
                        lists.computeIfAbsent(option, o -> new ArrayList<>()).add(converted);
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        for (Option option : command.options) {
            if (option.required && !seen.contains(option)) {
                return null;
            }
        }
        for (Map.Entry<Option, List<Object>> list : lists.entrySet()) {
            set(target, list.getKey().field, list.getValue());
        }
        int covered = 0;
        for (Param param : command.params) {
            if (param.list) {
                List<Object> values = new ArrayList<>();
                for (int i = param.from; i < positional.size(); i++) {
                    values.add(convert(param.type, positional.get(i)));
                }
                if (values.size() < param.min) {
                    return null;
                }
                if (!values.isEmpty()) {
                    set(target, param.field, values);
                }
                covered = Integer.MAX_VALUE;
            } else {
                if (param.from >= positional.size()) {
                    return null;
                }
                set(target, param.field, convert(param.type, positional.get(param.from)));
                covered = Math.max(covered, param.from + 1);
            }
        }
        return covered < positional.size() ? null : new Parsed(command.name, target);
    }

    /** A value converted as picocli converts it for this type. */
    private static Object convert(String type, String value) throws Exception {
        switch (type) {
            case "string":
                return value;
            case "int":
                return Integer.valueOf(value);
            case "long":
                return Long.valueOf(value);
            case "double":
                return Double.valueOf(value);
            case "path":
                return Path.of(value);
            default:
                break;
        }
        if (type.startsWith("enum:")) {
            for (Object constant : Class.forName(type.substring(5)).getEnumConstants()) {
                Enum<?> e = (Enum<?>) constant;
                if (e.name().equalsIgnoreCase(value) || e.toString().equalsIgnoreCase(value)) {
                    return e; // as picocli with case-insensitive enum values, which Main turns on
                }
            }
            throw new IllegalArgumentException(value);
        }
        if (type.startsWith("converter:")) {
            var constructor = Class.forName(type.substring(10)).getDeclaredConstructor();
            return ((picocli.CommandLine.ITypeConverter<?>) constructor.newInstance()).convert(value);
        }
        throw new IllegalArgumentException(type);
    }

    /**
     * Sets FIELD, or HOLDER.FIELD through mixins and option groups (creating their objects as picocli does), of
     * the command object.
     */
    private static void set(Object command, String path, Object value) throws ReflectiveOperationException {
        Object owner = command;
        int from = 0;
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', from)) {
            owner = mixin(owner, path.substring(from, dot));
            from = dot + 1;
        }
        field(owner.getClass(), path.substring(from)).set(owner, value);
    }

    /** The object of a mixin or group field {@code name}, made (as picocli makes it) if the field is null. */
    private static Object mixin(Object command, String name) throws ReflectiveOperationException {
        Field mixin = field(command.getClass(), name);
        Object owner = mixin.get(command);
        if (owner == null) {
            owner = mixin.getType().getDeclaredConstructor().newInstance();
            mixin.set(command, owner);
        }
        return owner;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // a superclass's
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FastStart.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A tab-separated record of the table (fields hold no tabs or line breaks). */
    static String record(String... fields) {
        for (String f : fields) {
            if (f.indexOf('\t') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a table field with a tab or line break: " + f);
            }
        }
        return String.join("\t", fields);
    }

    /** One command of the table. */
    private static final class Command {
        String name;
        String className;
        final List<Option> options = new ArrayList<>();
        final Map<String, Option> byName = new HashMap<>();
        final List<Param> params = new ArrayList<>();
        final List<String> mixins = new ArrayList<>();

        /** The command called {@code name}, or null when there is none or it must go to picocli. */
        static Command read(String table, String name) {
            Command command = null;
            for (String line : table.split("\n")) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("command")) {
                    if (command != null) {
                        break;
                    }
                    if (f[1].equals(name)) {
                        if (!f[3].equals("run")) {
                            return null;
                        }
                        command = new Command();
                        command.name = name;
                        command.className = f[2];
                    }
                } else if (command != null && f[0].equals("option")) {
                    Option option = new Option(f[1], f[3], f[4], f[5].equals("required"),
                            f[6].isEmpty() ? null : f[6].substring(1));
                    command.options.add(option);
                    for (String n : f[2].split(",")) {
                        command.byName.put(n, option);
                    }
                } else if (command != null && f[0].equals("mixin")) {
                    command.mixins.add(f[1]);
                } else if (command != null && f[0].equals("param")) {
                    command.params.add(new Param(f[1].equals("list"), Integer.parseInt(f[2]),
                            Integer.parseInt(f[4]), f[5], f[6]));
                }
            }
            return command;
        }
    }

    /** An option (compared by identity): see {@link FastStartTables} for the kinds. */
    private static final class Option {
        final String kind;
        final String field;
        final String type;
        final boolean required;
        final String defaultValue;

        Option(String kind, String field, String type, boolean required, String defaultValue) {
            this.kind = kind;
            this.field = field;
            this.type = type;
            this.required = required;
            this.defaultValue = defaultValue;
        }
    }

    /** A positional parameter: one at index {@code from}, or a list from there on (at least {@code min}). */
    private record Param(boolean list, int from, int min, String field, String type) {
    }
}
