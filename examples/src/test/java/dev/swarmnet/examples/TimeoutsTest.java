package dev.swarmnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The timeouts example (docs/LIBRARY.md) runs, gives up on the slow call, and is shown letter for letter. */
class TimeoutsTest {

    @Test
    void theCallTimeoutCutsTheSlowCallShort() throws Exception {
        assertThat(Examples.output(() -> Timeouts.main(new String[0]))).contains(
                "gave up: ", "call timeout of 500 ms");
    }

    @Test
    void readmeShowsExactlyThisExample() throws Exception {
        Examples.assertReadmeShows("Timeouts", "README-TIMEOUTS");
    }
}
