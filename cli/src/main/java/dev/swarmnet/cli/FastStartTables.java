package dev.swarmnet.cli;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A build step (Maven runs it after compiling): writes what {@link FastStart} reads into the classes folder,
 * taken from picocli's own model of the commands so that the two never disagree: the root help exactly as
 * picocli prints it (plain and in colour), and each command's options and parameters with the field each
 * one sets. What {@link FastStart} cannot do as picocli does is marked {@code decline}: a command line
 * that uses it goes to picocli.
 */
public final class FastStartTables {
    private FastStartTables() {
    }

    /** {@code args[0]}: the classes folder. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]).resolve("dev/swarmnet/cli"));
        CommandLine cl = Main.commandLine(false);
        writeHelp(dir.resolve(FastStart.ROOT_HELP), rootHelp(cl, Ansi.OFF));
        writeHelp(dir.resolve(FastStart.ROOT_HELP_ANSI), rootHelp(cl, Ansi.ON));
        Files.writeString(dir.resolve(FastStart.TABLE), table(cl), StandardCharsets.UTF_8);
    }

    /** The root help as {@code swarmnet --help} prints it, with {@code \n} for the line separator. */
    static String rootHelp(CommandLine cl, Ansi ansi) {
        return cl.getUsageMessage(ansi).replace(System.lineSeparator(), "\n");
    }

    /** Only ASCII text is written: it prints the same in every encoding (else picocli prints it). */
    private static void writeHelp(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        if (text.chars().allMatch(c -> c < 128)) {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        }
    }

    /** The table {@link FastStart} reads: one tab-separated record per line. */
    static String table(CommandLine cl) {
        StringBuilder out = new StringBuilder("# written by FastStartTables at build time\n");
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            CommandSpec spec = e.getValue().getCommandSpec();
            List<String> records = new ArrayList<>();
            boolean ok = spec.argGroups().stream().allMatch(FastStartTables::plain) && spec.subcommands().isEmpty()
                    && spec.unmatchedArgsBindings().isEmpty() && spec.userObject() instanceof Callable;
            for (OptionSpec option : spec.options()) {
                String record = option(spec, option);
                ok &= record != null;
                records.add(record);
            }
            for (PositionalParamSpec param : spec.positionalParameters()) {
                String record = param(spec, param);
                ok &= record != null;
                records.add(record);
            }
            for (Field mixin : holders(spec.userObject().getClass())) {
                if (mixin.isAnnotationPresent(Mixin.class)) {
                    records.add(FastStart.record("mixin", mixin.getName())); // picocli makes every mixin
                }
            }
            out.append(FastStart.record("command", e.getKey(), spec.userObject().getClass().getName(),
                    ok ? "run" : "decline")).append('\n');
            if (ok) {
                records.forEach(r -> out.append(r).append('\n'));
            }
        }
        return out.toString();
    }

    /**
     * An option's record: {@code option KIND NAMES FIELD TYPE REQUIRED DEFAULT}. KIND is flag, value, list
     * (repeatable, one value each time), noop (an inherited flag: --debug, which Main reads itself) or
     * decline; DEFAULT is empty or {@code =} and the value. Null when even the option's absence cannot be
     * handled (a default value FastStart cannot apply).
     */
    private static String option(CommandSpec spec, OptionSpec option) {
        String kind = "decline";
        String field = null;
        String type = null;
        boolean simple = option.splitRegex().isEmpty() && option.parameterConsumer() == null && plain(option)
                && !option.interactive() && !option.negatable() && !option.usageHelp() && !option.versionHelp()
                && !option.help() && option.fallbackValue().isEmpty();
        if (simple && option.inherited()) {
            if (isBoolean(option.type()) && option.arity().min() == 0 && option.arity().max() == 0) {
                kind = "noop";
            }
        } else if (simple && (field = field(spec, option)) != null) {
            if (!option.isMultiValue() && option.arity().min() == 0 && option.arity().max() == 0
                    && isBoolean(option.type()) && option.converters().length == 0) {
                type = "boolean";
                kind = option.defaultValue() == null ? "flag" : "decline";
            } else if (option.arity().min() == 1 && option.arity().max() == 1) {
                boolean list = option.isMultiValue() && option.type() == List.class;
                type = type(list ? option.auxiliaryTypes()[0] : option.type(), option);
                if (type != null && !option.isMultiValue()) {
                    kind = "value";
                } else if (type != null && list && option.defaultValue() == null) {
                    kind = "list";
                }
            }
        }
        String defaultValue = option.defaultValue();
        if (defaultValue != null && (!kind.equals("value") || defaultValue.contains("${"))) {
            return null;
        }
        return FastStart.record("option", kind, String.join(",", option.names()), field == null ? "" : field,
                type == null ? "" : type, option.required() ? "required" : "optional",
                defaultValue == null ? "" : "=" + defaultValue);
    }

    /**
     * A positional parameter's record: {@code param KIND FROM TO MIN FIELD TYPE}, KIND value (one index, FROM =
     * TO) or list (FROM..*, TO is {@code *}, at least MIN values); null when FastStart cannot fill it as
     * picocli does.
     */
    private static String param(CommandSpec spec, PositionalParamSpec param) {
        String field = field(spec, param);
        boolean list = param.isMultiValue() && param.type() == List.class;
        String type = type(list ? param.auxiliaryTypes()[0] : param.type(), param);
        if (field == null || type == null || param.defaultValue() != null || !param.splitRegex().isEmpty()
                || param.parameterConsumer() != null || param.interactive() || param.inherited() || !plain(param)) {
            return null;
        }
        if (!param.isMultiValue() && param.index().min() == param.index().max() && param.arity().min() == 1
                && param.arity().max() == 1) {
            return FastStart.record("param", "value", String.valueOf(param.index().min()),
                    String.valueOf(param.index().max()), "1", field, type);
        }
        if (list && param.index().max() == Integer.MAX_VALUE && param.arity().min() <= 1
                && (param.arity().max() == 1 || param.arity().max() == Integer.MAX_VALUE)) {
            // every word from index FROM on, one per index or all at once
            return FastStart.record("param", "list", String.valueOf(param.index().min()), "*",
                    String.valueOf(param.arity().min()), field, type);
        }
        return null;
    }

    /**
     * An option group that only lists its options under a heading: FastStart sets them on the group's object
     * (one, made with the command object) as picocli does when it matches one.
     */
    private static boolean plain(ArgGroupSpec group) {
        return !group.validate() && group.multiplicity().max() <= 1 && group.subgroups().isEmpty()
                && group.positionalParameters().isEmpty();
    }

    /** No preprocessor of its own. */
    private static boolean plain(ArgSpec arg) {
        return arg.preprocessor().getClass().getSimpleName().equals("NoOpParameterPreprocessor");
    }

    /**
     * The field an option sets, as its path from the command object: FIELD, or HOLDER.FIELD through the mixins
     * and option groups that hold it (MIXIN.GROUP.FIELD); null for an option bound otherwise (a method).
     */
    private static String field(CommandSpec spec, ArgSpec arg) {
        return arg.userObject() instanceof Field f ? path(spec.userObject().getClass(), f) : null;
    }

    private static String path(Class<?> holder, Field f) {
        if (f.getDeclaringClass().isAssignableFrom(holder)) {
            return f.getName();
        }
        for (Field inner : holders(holder)) {
            String rest = path(inner.getType(), f);
            if (rest != null) {
                return inner.getName() + "." + rest;
            }
        }
        return null;
    }

    /** The mixin and option group fields of {@code type} and its superclasses. */
    private static List<Field> holders(Class<?> type) {
        List<Field> holders = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(Mixin.class) || field.isAnnotationPresent(ArgGroup.class)) {
                    holders.add(field);
                }
            }
        }
        return holders;
    }

    /** How FastStart converts a value of {@code type} as picocli does; null when it cannot. */
    private static String type(Class<?> type, ArgSpec arg) {
        if (arg.converters().length > 0) {
            return arg.converters().length == 1 ? "converter:" + arg.converters()[0].getClass().getName() : null;
        }
        if (type == int.class || type == Integer.class) {
            return "int";
        }
        if (type == long.class || type == Long.class) {
            return "long";
        }
        if (type == double.class || type == Double.class) {
            return "double";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Path.class) {
            return "path";
        }
        if (type.isEnum()) {
            return "enum:" + type.getName();
        }
        return null;
    }

    private static boolean isBoolean(Class<?> type) {
        return type == boolean.class || type == Boolean.class;
    }
}
