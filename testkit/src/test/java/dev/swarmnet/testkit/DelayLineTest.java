package dev.swarmnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The queue between a direction's reader and writer: bounded by bytes, stallable, closable. */
class DelayLineTest {
    private static final Duration SETTLE = Duration.ofMillis(200);
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @Test
    void putBlocksWhileFullAndResumesWhenTheHeadIsRemoved() {
        DelayLine line = new DelayLine(() -> 100, false);
        assertThat(line.put(chunk(60))).isTrue();

        CompletableFuture<Boolean> second = Background.supply("put", () -> line.put(chunk(60)));
        await().during(SETTLE).atMost(PROMPTLY).until(() -> !second.isDone());
        assertThat(line.queuedBytes()).isEqualTo(60);

        line.removeHead();
        assertThat(second).succeedsWithin(PROMPTLY).isEqualTo(true);
        assertThat(line.queuedBytes()).isEqualTo(60);
    }

    @Test
    void anOversizedChunkStillFitsIntoAnEmptyLine() {
        DelayLine line = new DelayLine(() -> 10, false);
        assertThat(line.put(chunk(1000))).isTrue();
        assertThat(line.awaitHead().length()).isEqualTo(1000);
    }

    @Test
    void stalledLineHandsNothingOutUntilResumed() {
        DelayLine line = new DelayLine(() -> 100, true);
        line.put(chunk(5));

        CompletableFuture<Chunk> head = Background.supply("take", line::awaitHead);
        await().during(SETTLE).atMost(PROMPTLY).until(() -> !head.isDone());

        line.stall(false);
        assertThat(head).succeedsWithin(PROMPTLY).extracting(Chunk::length).isEqualTo(5);
    }

    @Test
    void closeWakesBothEnds() {
        DelayLine full = new DelayLine(() -> 10, false);
        full.put(chunk(10));
        CompletableFuture<Boolean> blockedPut = Background.supply("put", () -> full.put(chunk(10)));
        DelayLine empty = new DelayLine(() -> 10, false);
        CompletableFuture<Chunk> blockedTake = Background.supply("take", empty::awaitHead);

        full.close();
        empty.close();

        assertThat(blockedPut).succeedsWithin(PROMPTLY).isEqualTo(false);
        assertThat(blockedTake).succeedsWithin(PROMPTLY).isNull();
    }

    private static Chunk chunk(int length) {
        return Chunk.copyOf(new byte[length], length, 0);
    }
}
