package dev.swarmnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A short soak: every kind of operation runs, nothing fails, and everything is given back. */
class SoakTest {
    @Test
    void aShortSoakPassesAndGivesEverythingBack() throws Exception {
        Soak.Result result = Soak.run(Duration.ofSeconds(4), 3);

        String report = Soak.report(result);
        assertThat(result.tally().totalErrors()).as(report).isZero();
        assertThat(result.leaks()).as(report).isEmpty();
        assertThat(result.tally().totalDone()).as(report).isPositive();
        assertThat(result.tally().bytesVerified.get()).as(report).isPositive();
        assertThat(result.end().handlers()).isZero();
        assertThat(result.end().temporaries()).isZero();
    }

    @Test
    void durationsReadLikeAPersonWritesThem() {
        assertThat(SoakOptions.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SoakOptions.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(SoakOptions.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakOptions.parseDuration("soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--duration");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SoakOptions.parseDuration("0s"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
