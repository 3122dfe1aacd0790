package dev.swarmnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's example is this module's QuickStart, letter for letter, and it runs. */
class QuickStartTest {
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
        ReadmeSnippet.assertReadmeShows("QuickStart", "README-EXAMPLE");
    }
}
