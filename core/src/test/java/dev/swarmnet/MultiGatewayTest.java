package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.Background;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many controllers, many gateways, many threads: every answer reaches the caller that asked. */
class MultiGatewayTest {
    private static final String SQUARE = "square";
    private static final String WHOAMI = "whoami";

    @RegisterExtension
    final TestGateway first = TestGateway.standard();
    @RegisterExtension
    final TestGateway second = TestGateway.standard();

    @BeforeEach
    void addSubroutines() {
        for (TestGateway gw : List.of(first, second)) {
            gw.add(SQUARE, (BatchSubroutine) call -> Bytes.longToBytes(square(call.arg(0, Long.class))));
            gw.add(WHOAMI, (BatchSubroutine) call -> Bytes.strToBytes("gateway on " + gw.port()));
        }
    }

    @Test
    void twoControllersOnOneGatewayCallConcurrently() throws Exception {
        List<CompletableFuture<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Client client = first.controller().getClient();
            long base = w * 1_000_000L;
            workers.add(Background.call("caller-" + w, () -> squares(client, base, 1000)));
        }
        for (CompletableFuture<Integer> worker : workers) {
            assertThat(worker.join()).isEqualTo(1000);
        }
    }

    @Test
    void oneProgramTalksToTwoGatewaysWithTheSameSubroutineName() throws IOException {
        Client a = first.controller().getClient();
        Client b = second.controller().getClient();
        for (int i = 0; i < 10; i++) {
            assertThat(Bytes.bytesToStr(a.getSubroutineBatch(WHOAMI))).isEqualTo("gateway on " + first.port());
            assertThat(Bytes.bytesToStr(b.getSubroutineBatch(WHOAMI))).isEqualTo("gateway on " + second.port());
        }
        assertThat(first.port()).isNotEqualTo(second.port());
    }

    @Test
    void threadsSharingOneClientEachGetTheirOwnAnswers() throws Exception {
        Client shared = first.client();
        List<CompletableFuture<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            long base = w * 1_000_000L;
            workers.add(Background.call("sharer-" + w, () -> squares(shared, base, 250)));
        }
        for (CompletableFuture<Integer> worker : workers) {
            assertThat(worker.join()).isEqualTo(250);
        }
        assertThat(first.gateway().activeHandlers()).isEqualTo(1);
    }

    @Test
    void threadsSharingOneClientMixStreamsAndBatches() throws Exception {
        Client shared = first.client();
        CompletableFuture<Integer> batches = Background.call("batches", () -> squares(shared, 7, 300));
        CompletableFuture<Long> streams = Background.call("streams", () -> {
            long chunks = 0;
            for (int i = 0; i < 20; i++) {
                long[] count = {0};
                shared.getSubroutineStream(TestGateway.COUNT, Args.of(500), (name, ident, bytes) -> {
                    if (ident != count[0] || Bytes.bytesToLong(bytes) != ident) {
                        throw new IllegalStateException("chunk " + count[0] + " arrived as " + ident);
                    }
                    count[0]++;
                    return true;
                });
                chunks += count[0];
            }
            return chunks;
        });
        assertThat(batches.join()).isEqualTo(300);
        assertThat(streams.join()).isEqualTo(20 * 500);
    }

    /** Asks for {@code count} squares and checks each answer; returns how many were right. */
    private static int squares(Client client, long base, int count) throws IOException {
        int right = 0;
        for (long i = base; i < base + count; i++) {
            long answer = Bytes.bytesToLong(client.getSubroutineBatch(SQUARE, Args.of(i)));
            if (answer != square(i)) {
                throw new AssertionError("square(" + i + ") came back as " + answer);
            }
            right++;
        }
        return right;
    }

    private static long square(long x) {
        return x * x;
    }
}
