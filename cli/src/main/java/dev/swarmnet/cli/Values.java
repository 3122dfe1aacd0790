package dev.swarmnet.cli;

import dev.swarmnet.Args;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Subroutine arguments typed on the command line. A word that looks like JSON is JSON: a number
 * ({@code 42}, {@code -1.5}, {@code 1e3}), {@code true}, {@code false}, {@code null}, a quoted string
 * ({@code '"42"'} is the text 42) or an array/object ({@code '[1,2]'}, {@code '{"a":1}'}); a word
 * that starts like an array, object or quoted string but is not valid JSON is a usage error. Every
 * other word is a string as typed.
 */
final class Values {
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private Values() {
    }

    static Object parse(String word) {
        if (word.equals("true")) {
            return Boolean.TRUE;
        }
        if (word.equals("false")) {
            return Boolean.FALSE;
        }
        if (word.equals("null")) {
            return null;
        }
        if (NUMBER.matcher(word).matches()) {
            return number(word);
        }
        if (word.startsWith("[") || word.startsWith("{") || word.startsWith("\"")) {
            return Json.argument(word);
        }
        return word;
    }

    /** Whole numbers as Integer or Long when they fit, decimals as Double. */
    private static Object number(String word) {
        if (word.indexOf('.') < 0 && word.indexOf('e') < 0 && word.indexOf('E') < 0) {
            try {
                long value = Long.parseLong(word);
                return value == (int) value ? (Object) (int) value : (Object) value;
            } catch (NumberFormatException e) {
                return new java.math.BigInteger(word);
            }
        }
        return Double.parseDouble(word);
    }

    /** Positional words and {@code K=V} keyword words as {@link Args}. */
    static Args args(List<String> positional, Map<String, String> keywords) {
        Object[] values = positional == null ? new Object[0] : positional.stream().map(Values::parse).toArray();
        Args args = Args.of(values);
        if (keywords != null) {
            for (Map.Entry<String, String> kw : keywords.entrySet()) {
                if (kw.getKey().isEmpty()) {
                    throw new CliException(ExitCodes.USAGE, "--kw needs NAME=VALUE, got =" + kw.getValue());
                }
                args = args.with(kw.getKey(), parse(kw.getValue()));
            }
        }
        return args;
    }
}
