package dev.swarmnet.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.DeadlineExceededException;
import dev.swarmnet.internal.ArgsCodec;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.Utf8;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operation's deadline and cancellation, the deadline passing when the test says so (a hand-driven timer, no
 * waiting for time to pass): the race between the end and the expiry, what gets closed, and the lock it holds.
 */
class OperationTest {
    private static final Duration LONG = Duration.ofMinutes(1);

    @RegisterExtension
    final TestGateway gw = TestGateway.standard();

    private final HandTimer timer = new HandTimer();
    private final List<Connection> opened = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void closeConnections() {
        release.countDown();
        opened.forEach(Connection::close);
    }

    @Test
    void aDeadlinePassingBeforeTheEndFailsTheOperationEvenIfItGotAsFarAsReturning() throws Exception {
        Connection c = connect();
        Operation op = Operation.ofClient(LONG, timer);

        assertThatThrownBy(() -> op.call(c, connection -> {
            timer.expire(); // the deadline passes while the operation is finishing
            return "done";
        })).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("call timeout of 60000 ms");

        assertThat(c.isOpen()).as("cut").isFalse();
        assertThat(c.cutReason().deadline()).isTrue();
        assertThatThrownBy(() -> Exchanges.ping(c, Utf8.encode("again")))
                .as("every later use tells why").isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void anOperationThatEndsFirstDropsItsDeadlineAndALateExpiryChangesNothing() throws Exception {
        Connection c = connect();
        Operation op = Operation.ofClient(LONG, timer);

        String echo = op.call(c, connection -> Exchanges.ping(connection, Utf8.encode("hi")));
        assertThat(echo).isEqualTo("hi");

        assertThat(timer.cancelled).isTrue();
        timer.expire(); // as if the timer had already taken it when the operation ended
        assertThat(c.isOpen()).isTrue();
        assertThat(op.stopped()).isFalse();
        assertThat(Exchanges.ping(c, Utf8.encode("still"))).isEqualTo("still");
    }

    @Test
    void theDeadlineStopsABlockedOperationWithItsOwnReason() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        gw.add("slow", (BatchSubroutine) call -> {
            started.countDown();
            release.await();
            return new byte[0];
        });
        Connection c = connect();
        Operation op = Operation.ofClient(LONG, timer);
        FutureTask<byte[]> call = new FutureTask<>(() -> op.call(c, connection ->
                Exchanges.batch(connection, Utf8.encode("slow"), ArgsCodec.encode(Args.none()))));
        new Thread(call).start();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

        timer.expire();

        assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(DeadlineExceededException.class);
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void aWholeTransferIsOneOperationItsDeadlineCutsEveryConnectionItWasGivenAndAnyGivenLater() throws Exception {
        Connection working = connect();
        Connection idle = connect();
        Connection late = connect();
        Operation op = Operation.ofSwarmTransfer(LONG, timer);

        assertThatThrownBy(() -> op.run(() -> {
            try (Operation.Hold hold = op.hold(working)) {
                op.attach(idle);
                assertThat(op.stopped()).isFalse();
                timer.expire();
                assertThat(op.stopped()).as("no lane reconnects").isTrue();
            }
            op.attach(late); // a lane that reconnected just then
            return null;
        })).isInstanceOf(DeadlineExceededException.class).hasMessageContaining("get a new swarm");

        for (Connection c : List.of(working, idle, late)) {
            assertThat(c.isOpen()).isFalse();
            assertThat(c.cutReason().deadline()).isTrue();
        }
    }

    @Test
    void cancellingClosesTheConnectionsAndStopsTheLanesWithoutTurningTheOutcomeIntoADeadline() throws Exception {
        Connection c = connect();
        Connection late = connect();
        Operation op = Operation.untimed();

        String result = op.run(() -> {
            op.attach(c);
            op.cancel();
            op.attach(late);
            return "ended";
        });

        assertThat(result).isEqualTo("ended");
        assertThat(op.stopped()).isTrue();
        assertThat(c.isOpen()).isFalse();
        assertThat(late.isOpen()).isFalse();
        assertThat(c.cutReason()).isNull();
    }

    @Test
    void anOperationThatEndedLetsItsConnectionsGo() throws Exception {
        Connection c = connect();
        Operation op = Operation.untimed();
        op.call(c, connection -> Exchanges.ping(connection, Utf8.encode("x")));

        op.cancel(); // too late: the connection serves other operations now
        op.attach(c);

        assertThat(c.isOpen()).isTrue();
        assertThat(op.stopped()).isFalse();
    }

    @Test
    void withoutATimeoutNothingIsScheduled() throws Exception {
        Connection c = connect();
        assertThat(Operation.ofClient(Duration.ZERO, timer).isTimed()).isFalse();
        Operation.ofClient(Duration.ZERO, timer).call(c, connection -> Exchanges.ping(connection, Utf8.encode("x")));
        assertThat(timer.scheduled).isNull();
    }

    @Test
    void anOperationRunsAloneOnItsConnection() throws Exception {
        Connection c = connect();
        Operation outer = Operation.untimed();
        outer.call(c, connection -> {
            assertThatThrownBy(() -> Operation.untimed().call(connection, x -> null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("one operation at a time");
            assertThat(Operation.untimed().tryCall(connection, x -> null)).as("close from the same thread").isFalse();
            FutureTask<Boolean> other = new FutureTask<>(() -> Operation.untimed().tryCall(connection, x -> null));
            new Thread(other).start();
            try {
                assertThat(other.get(20, TimeUnit.SECONDS)).as("close from another thread").isFalse();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return null;
        });
        assertThat(Operation.untimed().tryCall(c, connection -> Exchanges.ping(connection, Utf8.encode("free"))))
                .isTrue();
        assertThat(c.operations().isLocked()).isFalse();
    }

    private Connection connect() throws IOException {
        Connection c = Connection.open(new ConnectOptions(TestGateway.HOST, gw.port(), 10_000,
                Protocol.DEFAULT_MAX_FRAME_SIZE, null, null));
        opened.add(c);
        return c;
    }

    /** A timer whose one expiry runs when the test says so. */
    private static final class HandTimer implements DeadlineTimer {
        Runnable scheduled;
        volatile boolean cancelled;

        @Override
        public Pending schedule(Runnable expiry, Duration delay) {
            scheduled = expiry;
            return () -> cancelled = true;
        }

        void expire() {
            scheduled.run();
        }
    }
}
