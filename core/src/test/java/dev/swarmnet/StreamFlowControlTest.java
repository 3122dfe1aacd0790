package dev.swarmnet;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.Background;
import dev.swarmnet.support.ChunkLog;
import dev.swarmnet.support.StreamProbe;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Credit-based flow control: a consumer that stops stops the producer within a window, instead of
 * letting the subroutine run ahead into socket buffers and memory.
 */
class StreamFlowControlTest {
    private static final String PRODUCER = "producer";
    /** The credit a chunk costs beyond its payload (Protocol.CHUNK_CREDIT_OVERHEAD). */
    private static final int CHUNK_OVERHEAD = 16;
    private static final int KIB = 1024;

    /** A short shutdown grace: the close test waits it out (a stream runs on through the grace period). */
    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.shutdownGracePeriod(Duration.ofMillis(200)));

    private final StreamProbe probe = new StreamProbe();
    private final CountDownLatch firstChunkArrived = new CountDownLatch(1);
    private final CountDownLatch consumerReleased = new CountDownLatch(1);

    @AfterEach
    void releaseConsumer() {
        consumerReleased.countDown();
    }

    @ParameterizedTest(name = "window {0} KiB, chunks of {1} KiB")
    @CsvSource({"256, 256", "64, 8"})
    void aBlockedConsumerHoldsTheProducerWithinTheWindow(int windowKib, int chunkKib) throws Exception {
        int window = windowKib * KIB;
        int chunkSize = chunkKib * KIB;
        long total = 128L * 1024 * KIB / chunkSize; // 128 MiB if nothing held the producer back
        gw.add(PRODUCER, probe.fast(chunkSize, total));
        Client client = gw.controller(b -> b.streamWindow(window)).getClient();
        ChunkLog log = ChunkLog.accepting();

        CompletableFuture<Boolean> stream = streamInBackground(client, log);
        awaitOrFail(firstChunkArrived, stream);
        probe.awaitProducerStalled();

        // Without any credit back, the producer may spend the window and overshoot by at most one chunk.
        long bound = window / (chunkSize + CHUNK_OVERHEAD) + 1;
        assertThat(probe.emitted()).as("chunks emitted while the consumer is blocked")
                .isPositive().isLessThanOrEqualTo(bound).isLessThan(64);

        consumerReleased.countDown();
        assertThat(stream.join()).isTrue();
        assertThat(log.count()).isEqualTo(total);
        assertThat(log.problems()).isEmpty();
        assertThat(probe.emitted()).isEqualTo(total);
    }

    @Test
    void closingTheGatewayIsNotHeldUpByAConsumerThatStoppedReading() throws Exception {
        // A window far larger than the socket buffers: the producer stalls on the socket, not on credit.
        gw.add(PRODUCER, probe.fast(1024 * KIB, 1000));
        Client client = gw.controller(b -> b.streamWindow(64 * 1024 * KIB)).getClient();
        CompletableFuture<Boolean> stream = streamInBackground(client, ChunkLog.accepting());
        awaitOrFail(firstChunkArrived, stream);
        probe.awaitProducerStalled();
        assertThat(probe.emitted()).as("stalled on the socket, long before the window's 64 chunks").isLessThan(64);

        CompletableFuture<Void> closing = Background.run("test-close", gw.gateway()::close);

        eventually().until(closing::isDone);
        assertThat(gw.gateway().isRunning()).isFalse();
        consumerReleased.countDown();
        assertThat(stream).failsWithin(Waits.TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(SwarmnetException.class);
    }

    /** Runs the stream on another thread; the consumer blocks in its first chunk until released. */
    private CompletableFuture<Boolean> streamInBackground(Client client, ChunkLog log) {
        return Background.call("test-consumer", () ->
                client.getSubroutineStream(PRODUCER, Args.none(), (name, ident, bytes) -> {
                    firstChunkArrived.countDown();
                    consumerReleased.await();
                    return log.onChunk(name, ident, bytes);
                }));
    }

    private static void awaitOrFail(CountDownLatch latch, CompletableFuture<?> stream) {
        eventually().until(() -> {
            if (stream.isCompletedExceptionally()) {
                stream.join(); // surfaces the stream's failure
            }
            return latch.getCount() == 0;
        });
    }
}
