package dev.swarmnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's example is this module's QuickStart, letter for letter, and it runs. */
class QuickStartTest {
    private static final String START = "// README-EXAMPLE-START";
    private static final String END = "// README-EXAMPLE-END";

    @Test
    void runsAndPrintsWhatEachCallReturned() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains(
                "Hello there..", "usage 0.42, set_io 6", "0: reading 0", "2: reading 2", "sensor ended");
    }

    @Test
    void readmeShowsExactlyThisExample() throws Exception {
        String source = Files.readString(Path.of("src/main/java/dev/swarmnet/examples/QuickStart.java"));
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(normalise(readme)).contains(normalise(between(source)));
    }

    private static String between(String source) {
        int from = source.indexOf(START) + START.length();
        return source.substring(from, source.indexOf(END));
    }

    /** Indentation differs between the class and the README; the code must not. */
    private static String normalise(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
