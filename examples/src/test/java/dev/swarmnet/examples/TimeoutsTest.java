package dev.swarmnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's timeouts example runs, gives up on the slow call, and is shown letter for letter. */
class TimeoutsTest {

    @Test
    void theCallTimeoutCutsTheSlowCallShort() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Timeouts.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("gave up: ", "call timeout of 500 ms");
    }

    @Test
    void readmeShowsExactlyThisExample() throws Exception {
        ReadmeSnippet.assertReadmeShows("Timeouts", "README-TIMEOUTS");
    }
}
