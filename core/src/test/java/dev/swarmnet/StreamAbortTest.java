package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.support.Background;
import dev.swarmnet.support.ChunkLog;
import dev.swarmnet.support.StreamProbe;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Streams the client ends early: by returning false, or by throwing from the callback. */
class StreamAbortTest {
    private static final String PROBED = "probed";

    @RegisterExtension
    final TestGateway gw = TestGateway.standard();

    private final StreamProbe probe = new StreamProbe();
    private Client client;

    @BeforeEach
    void connect() throws IOException {
        client = gw.client();
    }

    @Test
    void abortingAFastProducerStopsItsEmits() throws IOException {
        gw.add(PROBED, probe.fast(64, Long.MAX_VALUE));
        ChunkLog log = ChunkLog.abortingAt(999);

        boolean completed = client.getSubroutineStream(PROBED, Args.none(), log, log.onEnd());

        assertThat(completed).isFalse();
        assertThat(log.count()).isEqualTo(1000);
        assertThat(log.problems()).isEmpty();
        assertThat(log.ends()).as("no end-of-stream call after an abort").isEmpty();
        probe.awaitReturn();
        assertThat(probe.emitRefused()).as("emit returned false").isTrue();
        assertThat(probe.sawCancelled()).as("isCancelled()").isTrue();
        assertClientStillWorks();
    }

    @Test
    void everyAbortIsAcknowledgedEvenWhenItRacesTheProducer() {
        // As fast as credit allows, so that the cancel lands while chunks are being queued.
        gw.add(PROBED, StreamProbe.untilRefused(64));
        for (int round = 0; round < 100; round++) {
            ChunkLog log = ChunkLog.abortingAt(round * 10);
            CompletableFuture<Boolean> stream = Background.call("abort-" + round,
                    () -> client.getSubroutineStream(PROBED, Args.none(), log));
            assertThat(stream).as("abort #%d must be answered by the stream's end", round)
                    .succeedsWithin(Waits.TIMEOUT).isEqualTo(false);
            assertThat(log.count()).isEqualTo(round * 10 + 1);
            assertThat(log.problems()).isEmpty();
        }
    }

    @Test
    void abortingASleepingProducerInterruptsIt() throws IOException {
        gw.add(PROBED, probe.sleepy());
        ChunkLog log = ChunkLog.abortingAt(0);

        boolean completed = client.getSubroutineStream(PROBED, Args.none(), log, log.onEnd());

        assertThat(completed).isFalse();
        assertThat(log.count()).isEqualTo(1);
        assertThat(log.ends()).isEmpty();
        probe.awaitReturn(); // a minute-long sleep: only the interrupt ends it in time
        assertThat(probe.interrupted()).as("the subroutine's sleep was interrupted").isTrue();
        assertThat(probe.sawCancelled()).as("isCancelled()").isTrue();
        assertClientStillWorks();
    }

    @Test
    void abortingOnTheLastChunkStillCountsAsAnAbort() throws IOException {
        ChunkLog log = ChunkLog.abortingAt(4);

        boolean completed = client.getSubroutineStream(TestGateway.COUNT, Args.of(5), log, log.onEnd());

        assertThat(completed).isFalse();
        assertThat(log.count()).isEqualTo(5);
        assertThat(log.ends()).isEmpty();
        assertClientStillWorks();
    }

    static Stream<Exception> callbackFailures() {
        return Stream.of(new IllegalStateException("callback broke"), new IOException("callback I/O broke"));
    }

    @ParameterizedTest
    @MethodSource("callbackFailures")
    void aThrowingCallbackPropagatesTheSameExceptionAndLeavesTheClientUsable(Exception failure) throws IOException {
        gw.add(PROBED, probe.fast(16, 1_000_000));
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> client.getSubroutineStream(PROBED, Args.none(), (name, ident, bytes) -> {
            if (calls.incrementAndGet() == 10) {
                throw failure;
            }
            return true;
        })).isSameAs(failure);

        assertThat(calls).hasValue(10);
        probe.awaitReturn();
        assertThat(probe.sawCancelled()).isTrue();
        assertClientStillWorks();
    }

    @Test
    void aCheckedCallbackExceptionArrivesAsItsCause() throws IOException {
        Exception failure = new Exception("checked");

        assertThatThrownBy(() -> client.getSubroutineStream(TestGateway.COUNT, Args.of(100), (name, ident, bytes) -> {
            throw failure;
        })).isInstanceOf(SwarmnetException.class).hasCause(failure).hasMessageContaining(TestGateway.COUNT);

        assertClientStillWorks();
    }

    @Test
    void aCallbackThrowingAnErrorAlsoLeavesTheClientUsable() throws IOException {
        AssertionError failure = new AssertionError("an assertion inside the callback");

        assertThatThrownBy(() -> client.getSubroutineStream(TestGateway.COUNT, Args.of(1_000_000),
                (name, ident, bytes) -> {
                    throw failure;
                })).isSameAs(failure);

        assertClientStillWorks();
    }

    @Test
    void usingTheSameClientInsideItsCallbackIsRefusedCleanly() throws IOException {
        assertThatThrownBy(() -> client.getSubroutineStream(TestGateway.COUNT, Args.of(100),
                (name, ident, bytes) -> client.ping("re-entrant") != null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("one operation at a time");

        assertClientStillWorks();
    }

    private void assertClientStillWorks() throws IOException {
        assertThat(client.ping("still usable")).isEqualTo("still usable");
        ChunkLog log = ChunkLog.accepting();
        assertThat(client.getSubroutineStream(TestGateway.COUNT, Args.of(100), log, log.onEnd())).isTrue();
        assertThat(log.count()).isEqualTo(100);
        assertThat(log.problems()).isEmpty();
    }
}
