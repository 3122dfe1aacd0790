package dev.swarmnet.internal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The log summary of failures a peer can repeat at will, on a fake clock. */
class SummarisingLogTest {
    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(10);

    private final List<String> lines = new ArrayList<>();
    private long now = 1_000_000_000L;
    private final SummarisingLog log = new SummarisingLog(this::record, INTERVAL, () -> now);

    private void record(String format, Object... args) {
        String line = format;
        for (Object a : args) {
            line = line.replaceFirst("\\{\\}", java.util.regex.Matcher.quoteReplacement(String.valueOf(a)));
        }
        lines.add(line);
    }

    private static InetAddress address(String ip) throws Exception {
        return InetAddress.getByName(ip);
    }

    private void fail(String ip, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            log.failure(address(ip), "authentication failures", "{} failed authentication ({})", ip, i);
        }
    }

    @Test
    void theFirstFailureIsLoggedInFullAndTheRestOfItsIntervalOnlyCounted() throws Exception {
        fail("10.0.0.1", 900);
        assertThat(lines).containsExactly("10.0.0.1 failed authentication (0)");

        now += INTERVAL - 1;
        fail("10.0.0.1", 1);
        assertThat(lines).hasSize(1);
    }

    @Test
    void aFailureAfterTheIntervalReportsTheCountInOneLine() throws Exception {
        fail("10.0.0.1", 200);
        now += INTERVAL;
        fail("10.0.0.1", 1);
        assertThat(lines).containsExactly("10.0.0.1 failed authentication (0)",
                "200 more authentication failures from 10.0.0.1 in the last 10 s");

        fail("10.0.0.1", 50); // a new interval began with the summary: counted again
        assertThat(lines).hasSize(2);
        now += INTERVAL;
        log.flush();
        assertThat(lines).last().isEqualTo("50 more authentication failures from 10.0.0.1 in the last 10 s");
    }

    @Test
    void aFlushReportsTheEndOfABurstOnceAndForgetsIt() throws Exception {
        fail("10.0.0.1", 5);
        log.flush(); // the interval is not over
        assertThat(lines).hasSize(1);

        now += INTERVAL;
        log.flush();
        log.flush();
        assertThat(lines).containsExactly("10.0.0.1 failed authentication (0)",
                "4 more authentication failures from 10.0.0.1 in the last 10 s");
        assertThat(log.tracked()).isZero();

        fail("10.0.0.1", 1); // forgotten: logged in full again
        assertThat(lines).last().isEqualTo("10.0.0.1 failed authentication (0)");
    }

    @Test
    void aLoneFailureAfterAQuietIntervalIsLoggedInFull() throws Exception {
        fail("10.0.0.1", 1);
        now += 3 * INTERVAL;
        fail("10.0.0.1", 1);
        log.flush();
        assertThat(lines).containsExactly("10.0.0.1 failed authentication (0)", "10.0.0.1 failed authentication (0)");
    }

    @Test
    void addressesAndKindsAreSummarisedApart() throws Exception {
        fail("10.0.0.1", 3);
        fail("10.0.0.2", 3);
        log.failure(address("10.0.0.1"), "handshake timeouts", "10.0.0.1 timed out");
        log.failure(address("10.0.0.1"), "handshake timeouts", "10.0.0.1 timed out");
        assertThat(lines).containsExactly("10.0.0.1 failed authentication (0)", "10.0.0.2 failed authentication (0)",
                "10.0.0.1 timed out");

        now += INTERVAL;
        log.flush();
        assertThat(lines.subList(3, lines.size())).containsExactlyInAnyOrder(
                "2 more authentication failures from 10.0.0.1 in the last 10 s",
                "2 more authentication failures from 10.0.0.2 in the last 10 s",
                "1 more handshake timeouts from 10.0.0.1 in the last 10 s");
    }

    @Test
    void manyAddressesAtOnceAreBoundedAndShareOneLine() throws Exception {
        int addresses = SummarisingLog.MAX_ADDRESSES + 1000;
        for (int i = 0; i < addresses; i++) {
            String ip = "10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF);
            fail(ip, 2);
        }
        assertThat(log.tracked()).isLessThanOrEqualTo(SummarisingLog.MAX_ADDRESSES + 1);
        assertThat(lines).hasSize(SummarisingLog.MAX_ADDRESSES);

        now += INTERVAL;
        log.flush();
        assertThat(lines).last().isEqualTo("2000 more authentication failures from other addresses in the last 10 s");
        assertThat(log.tracked()).isZero();
    }
}
