package dev.swarmnet.bench;

/** Reading option values off a harness's command line, the same way for every harness. */
final class OptionValues {
    private OptionValues() {
    }

    /** The word after option {@code args[i]}. */
    static String after(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    /** The whole number after option {@code args[i]}, from {@code min} to {@code max}. */
    static int intAfter(String[] args, int i, int min, int max) {
        String text = after(args, i);
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(args[i] + " must be a whole number from " + min + " to " + max + ", got '"
                + text + "'");
    }
}
