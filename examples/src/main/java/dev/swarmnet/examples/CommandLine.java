package dev.swarmnet.examples;

import java.util.List;

/** The tutorials' few options, read off the words of their command line. */
final class CommandLine {
    private CommandLine() {
    }

    /** Removes {@code name} and the word after it from {@code words} and returns that word, or {@code fallback}. */
    static String option(List<String> words, String name, String fallback) {
        int i = words.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= words.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = words.get(i + 1);
        words.remove(i + 1);
        words.remove(i);
        return value;
    }
}
