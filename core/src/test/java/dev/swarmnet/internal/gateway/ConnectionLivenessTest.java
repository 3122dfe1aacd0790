package dev.swarmnet.internal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.ProgressLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The liveness decisions of one connection, on a fake clock: what a client that idles, stops sending, stops
 * reading or keeps busy gets, to the nanosecond, with no socket and no waiting.
 */
class ConnectionLivenessTest {
    private static final long IDLE = TimeUnit.SECONDS.toNanos(10);
    private static final long KEEPALIVE = TimeUnit.SECONDS.toNanos(1);
    private static final long NEVER = 0;

    private long now = 1_000_000_000L;
    private final Connection connection = new Connection();
    private final RequestActivity activity = new RequestActivity();
    private final RunningCall running = new RunningCall(() -> now);
    private final ConnectionLiveness liveness = new ConnectionLiveness(connection, activity, running, Runnable::run,
            () -> now, new ProgressLog(LoggerFactory.getLogger(ConnectionLivenessTest.class), false), "1", "peer");

    /** The connection side: what the liveness reads, and what it did. */
    private static final class Connection implements WatchedConnection {
        long readSince;
        long writeSince;
        long creditSince;
        boolean streamBusy;
        boolean gone;
        int cuts;
        int keepalives;
        int interrupts;
        final List<String> told = new ArrayList<>();

        @Override
        public long readBlockedSince() {
            return readSince;
        }

        @Override
        public long writeBlockedSince() {
            return writeSince;
        }

        @Override
        public long creditWaitSince() {
            return creditSince;
        }

        @Override
        public boolean streamBusy(long now, long idleNanos) {
            return streamBusy;
        }

        @Override
        public void cut() {
            cuts++;
        }

        @Override
        public void endTelling(ErrorCode code, String message) {
            told.add(code + ": " + message);
        }

        @Override
        public void sendKeepalive() throws IOException {
            if (gone) {
                throw new IOException("connection reset");
            }
            keepalives++;
        }

        @Override
        public void interruptSubroutine() {
            interrupts++;
        }
    }

    private void checkIdle() {
        liveness.check(IDLE, NEVER);
    }

    private void checkKeepalive() {
        liveness.check(NEVER, KEEPALIVE);
    }

    private boolean ended() {
        return connection.cuts > 0 || !connection.told.isEmpty();
    }

    /** A nanosecond short of the idle timeout nothing happens; at the timeout the connection ends. */
    private void runIntoTheIdleTimeout() {
        now += IDLE - 1;
        checkIdle();
        assertThat(ended()).isFalse();
        now += 1;
        checkIdle();
        assertThat(ended()).isTrue();
    }

    @Test
    void aConnectionWaitingForARequestForTheWholeIdleTimeoutIsToldAndClosed() {
        activity.waiting(0);
        checkIdle(); // the count starts at the first check that sees it waiting
        runIntoTheIdleTimeout();
        assertThat(connection.told).singleElement().asString()
                .startsWith("IDLE_TIMEOUT: the gateway closed this connection after 10000 ms without a request");
        assertThat(connection.cuts).isZero();
        assertThat(activity.closed()).isTrue();
        assertThat(activity.serving(0)).as("a request arriving now finds it closed").isFalse();
    }

    @Test
    void aClientThatStopsSendingInsideARequestIsToldAndClosed() {
        activity.waiting(0);
        activity.serving(0);
        connection.readSince = now; // blocked in a read of the request's body
        runIntoTheIdleTimeout();
        assertThat(connection.told).singleElement().asString()
                .startsWith("IDLE_TIMEOUT: the gateway closed this connection: no byte of the request came for"
                        + " 10000 ms");
        assertThat(activity.closed()).isTrue();
    }

    @Test
    void aClientThatStopsReadingIsCutWithoutAWord() {
        activity.waiting(0);
        activity.serving(0);
        connection.writeSince = now; // one write of a download blocked
        runIntoTheIdleTimeout();
        assertThat(connection.cuts).isEqualTo(1);
        assertThat(connection.told).isEmpty();
        assertThat(activity.closed()).isTrue();
    }

    @Test
    void aStreamWhoseClientGrantsNoCreditAndSendsNothingIsCut() {
        activity.waiting(0);
        activity.serving(0);
        activity.waiting(2); // the handler reads credit frames while the stream runs
        connection.streamBusy = true;
        connection.creditSince = now;
        connection.readSince = now;
        runIntoTheIdleTimeout();
        assertThat(connection.cuts).isEqualTo(1);
    }

    @Test
    void aStreamWaitingForCreditWhileItsClientStillSendsIsNotCut() {
        activity.waiting(0);
        activity.serving(0);
        activity.waiting(2);
        connection.streamBusy = true;
        connection.creditSince = now;
        for (int i = 0; i < 5; i++) {
            connection.readSince = now; // a frame came just now: the next read began
            now += IDLE - 1;
            checkIdle();
        }
        assertThat(ended()).isFalse();
    }

    @Test
    void noCloseWhileRequestsAndBytesKeepComing() {
        long turn = 0;
        for (int i = 0; i < 10; i++) {
            activity.waiting(turn);
            checkIdle();
            now += IDLE - 1;
            checkIdle();
            assertThat(activity.serving(turn)).isTrue(); // the next request, just in time
            for (int read = 0; read < 3; read++) { // a slow upload: every read moves some bytes
                connection.readSince = now;
                now += IDLE - 1;
                checkIdle();
            }
            connection.readSince = 0;
            for (int write = 0; write < 3; write++) { // a slow download: every write moves some bytes
                connection.writeSince = now;
                now += IDLE - 1;
                checkIdle();
            }
            connection.writeSince = 0;
            turn += 2;
        }
        assertThat(ended()).isFalse();
        assertThat(activity.closed()).isFalse();
    }

    @Test
    void aRequestServedBetweenTwoChecksStartsTheIdleCountAgain() {
        long turn = 0;
        activity.waiting(turn);
        checkIdle();
        for (int i = 0; i < 5; i++) { // each request comes and is answered between two looks of the timer
            now += IDLE - 1;
            assertThat(activity.serving(turn)).isTrue();
            turn += 2;
            activity.waiting(turn);
            checkIdle();
        }
        assertThat(ended()).isFalse();
    }

    @Test
    void aConnectionWaitingWhileItsStreamRunsIsNotIdle() {
        activity.waiting(0);
        connection.streamBusy = true;
        for (int i = 0; i < 5; i++) {
            checkIdle();
            now += IDLE;
        }
        assertThat(ended()).isFalse();

        connection.streamBusy = false; // the stream ended long enough ago: the idle count starts now
        checkIdle();
        now += IDLE;
        checkIdle();
        assertThat(connection.told).hasSize(1);
    }

    @Test
    void aLongSubroutineSendsAKeepaliveEveryInterval() {
        running.enter("slow");
        now += KEEPALIVE - 1;
        checkKeepalive();
        assertThat(connection.keepalives).isZero();

        now += 1;
        checkKeepalive();
        assertThat(connection.keepalives).isEqualTo(1);
        now += KEEPALIVE / 2;
        checkKeepalive();
        assertThat(connection.keepalives).as("not again within the interval").isEqualTo(1);
        now += KEEPALIVE / 2;
        checkKeepalive();
        assertThat(connection.keepalives).isEqualTo(2);
    }

    @Test
    void noKeepaliveWithoutARunningSubroutine() throws IOException {
        for (int i = 0; i < 3; i++) {
            now += KEEPALIVE;
            checkKeepalive();
        }
        running.enter("quick");
        running.exit();
        now += KEEPALIVE;
        checkKeepalive();
        assertThat(connection.keepalives).isZero();
    }

    @Test
    void aKeepaliveThatCannotBeSentInterruptsTheSubroutine() {
        running.enter("slow");
        connection.gone = true;
        now += KEEPALIVE;
        checkKeepalive();
        assertThat(connection.interrupts).isEqualTo(1);
        assertThat(connection.cuts).as("closing is the handler's, once the subroutine returns").isZero();
    }
}
