package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.ChunkLog;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streams that run to their end: order, count, the ways to end, and the end-of-stream callback. */
class StreamTest {
    @RegisterExtension
    final TestGateway gw = TestGateway.standard();

    private Client client;

    @BeforeEach
    void connect() throws IOException {
        client = gw.client();
    }

    @Test
    void aMillionSmallChunksArriveInOrderAndTheEndIsReportedOnce() throws IOException {
        ChunkLog log = ChunkLog.accepting();

        boolean completed = client.getSubroutineStream(TestGateway.COUNT, Args.of(1_000_000), log, log.onEnd());

        assertCompleted(TestGateway.COUNT, completed, log, 1_000_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"negative", "null"})
    void aStreamEndedByNegativeIdentOrNullBytesDeliversEverythingBeforeIt(String end) throws IOException {
        ChunkLog log = ChunkLog.accepting();

        boolean completed = client.getSubroutineStream(TestGateway.COUNT, Args.of(5).with("end", end), log,
                log.onEnd());

        assertCompleted(TestGateway.COUNT, completed, log, 5); // the terminating emit is not a chunk
    }

    @Test
    void anEmptyStreamStillEnds() throws IOException {
        ChunkLog log = ChunkLog.accepting();
        assertCompleted(TestGateway.COUNT, client.getSubroutineStream(TestGateway.COUNT, Args.of(0), log, log.onEnd()), log, 0);
    }

    @Test
    void theEndCallbackIsOptional() throws IOException {
        ChunkLog log = ChunkLog.accepting();
        assertThat(client.getSubroutineStream(TestGateway.COUNT, Args.of(10), log)).isTrue();
        assertThat(log.count()).isEqualTo(10);
    }

    @Test
    void emitCallsAfterTheEndAreRefused() throws IOException {
        gw.add("ends-early", (StreamSubroutine) (call, out) -> {
            out.emit(0, Bytes.longToBytes(0));
            out.emit(-1, new byte[0]);
            if (out.emit(1, Bytes.longToBytes(1))) {
                throw new IllegalStateException("emit accepted a chunk after the end");
            }
        });
        ChunkLog log = ChunkLog.accepting();

        boolean completed = client.getSubroutineStream("ends-early", Args.none(), log, log.onEnd());

        assertCompleted("ends-early", completed, log, 1);
    }

    @Test
    void emptyChunksAreDelivered() throws IOException {
        gw.add("empties", (StreamSubroutine) (call, out) -> {
            for (int i = 0; i < 50_000 && out.emit(i, new byte[0]); i++) {
                // an empty chunk still costs credit, so flow control cannot be starved
            }
        });
        ChunkLog log = ChunkLog.accepting();
        assertCompleted("empties", client.getSubroutineStream("empties", Args.none(), log, log.onEnd()), log, 50_000);
    }

    @Test
    void chunksLargerThanTheWindowStillFlow() throws IOException {
        int chunkSize = 2 * 1024 * 1024; // twice the default window
        gw.add("big-chunks", (StreamSubroutine) (call, out) -> {
            byte[] chunk = new byte[chunkSize];
            for (int i = 0; i < 8; i++) {
                Arrays.fill(chunk, (byte) i);
                out.emit(i, chunk);
            }
        });
        List<byte[]> chunks = new ArrayList<>();

        boolean completed = client.getSubroutineStream("big-chunks", Args.none(), (name, ident, bytes) -> chunks.add(bytes));

        assertThat(completed).isTrue();
        assertThat(chunks).hasSize(8);
        for (int i = 0; i < 8; i++) {
            byte[] expected = new byte[chunkSize];
            Arrays.fill(expected, (byte) i);
            assertThat(chunks.get(i)).as("chunk %d", i).isEqualTo(expected);
        }
    }

    @Test
    void eachChunkIsACopyOwnedByTheCallback() throws IOException {
        gw.add("reuses-array", (StreamSubroutine) (call, out) -> {
            byte[] shared = new byte[1];
            for (int i = 0; i < 1000; i++) {
                shared[0] = (byte) i;
                out.emit(i, shared); // may reuse the array: emit copies it
            }
        });
        List<byte[]> chunks = new ArrayList<>();

        client.getSubroutineStream("reuses-array", Args.none(), (name, ident, bytes) -> chunks.add(bytes));

        assertThat(chunks).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(chunks.get(i)).containsExactly((byte) i);
        }
    }

    @Test
    void theClientServesOtherCallsBetweenStreams() throws IOException {
        for (int round = 0; round < 3; round++) {
            ChunkLog log = ChunkLog.accepting();
            assertCompleted(TestGateway.COUNT,
                    client.getSubroutineStream(TestGateway.COUNT, Args.of(1000), log, log.onEnd()), log, 1000);
            assertThat(client.ping("between " + round)).isEqualTo("between " + round);
            assertThat(client.sendSubroutineBatch(TestGateway.SIZE, new byte[round])).isEqualTo(round);
        }
    }

    private static void assertCompleted(String name, boolean completed, ChunkLog log, long chunks) {
        assertThat(completed).as("completed normally").isTrue();
        assertThat(log.problems()).as("out-of-order chunks").isEmpty();
        assertThat(log.count()).as("chunks delivered").isEqualTo(chunks);
        assertThat(log.ends()).as("end-of-stream calls").containsExactly(name);
        if (chunks > 0) {
            assertThat(log.names()).containsExactly(name);
        }
    }
}
