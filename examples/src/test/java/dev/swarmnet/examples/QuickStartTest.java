package dev.swarmnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's example is this module's QuickStart, letter for letter, and it runs. */
class QuickStartTest {
    @Test
    void runsAndPrintsWhatEachCallReturned() throws Exception {
        assertThat(Examples.output(() -> QuickStart.main(new String[0]))).contains(
                "Hello there..", "usage 0.42, set_io 6", "0: reading 0", "2: reading 2", "sensor ended");
    }

    @Test
    void readmeShowsExactlyThisExample() throws Exception {
        Examples.assertReadmeShows("QuickStart", "README-EXAMPLE");
    }
}
