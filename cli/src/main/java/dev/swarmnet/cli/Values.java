package dev.swarmnet.cli;

import dev.swarmnet.Args;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

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

    /** Positional words and {@code --kw NAME=VALUE} keyword arguments as {@link Args}; a name given twice has the last value. */
    static Args args(List<String> positional, List<Keyword> keywords) {
        Object[] values = positional == null ? new Object[0] : positional.stream().map(Values::parse).toArray();
        Args args = Args.of(values);
        if (keywords != null) {
            for (Keyword kw : keywords) {
                args = args.with(kw.name(), parse(kw.value()));
            }
        }
        return args;
    }

    /** One {@code --kw NAME=VALUE}: the value is the text after the first '='. */
    record Keyword(String name, String value) {
        static Keyword parse(String word) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new TypeConversionException("'" + word + "' is not a keyword argument: the form is --kw"
                        + " name=value (e.g. --kw mode=fast; --kw name= for the empty text)");
            }
            return new Keyword(word.substring(0, eq), word.substring(eq + 1));
        }
    }

    /** picocli's converter for {@code --kw}. */
    static final class KeywordConverter implements ITypeConverter<Keyword> {
        @Override
        public Keyword convert(String value) {
            return Keyword.parse(value);
        }
    }
}
