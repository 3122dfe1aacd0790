package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.support.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One stream subroutine on every handler of a swarm, and the helper that puts the chunks in ident order. */
class SwarmStreamTest {
    private static final int TOTAL = 20_000;

    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxPoolSize(8));

    @BeforeEach
    void registerPartitionedStream() {
        // Each handler emits its share of the idents 0..total-1: those equal to its index modulo the swarm size.
        gw.add("share", (StreamSubroutine) (call, out) -> {
            int index = call.kwarg("swarm_index", Integer.class);
            int size = call.kwarg("swarm_size", Integer.class);
            for (long i = index; i < call.arg(0, Integer.class); i += size) {
                if (!out.emit(i, Bytes.longToBytes(i))) {
                    return;
                }
            }
        });
    }

    @Test
    void everyHandlerRunsTheSubroutineAndInIdentOrderRestoresTheSequence() throws Exception {
        List<Long> delivered = new ArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger ends = new AtomicInteger();
        try (Swarm swarm = gw.controller().swarm(4)) {
            boolean completed = swarm.getSubroutineStream("share", Args.of(TOTAL),
                    new InIdentOrder(0, TOTAL, (name, ident, bytes) -> {
                        threads.add(Thread.currentThread().getName());
                        assertThat(Bytes.bytesToLong(bytes)).isEqualTo(ident);
                        delivered.add(ident); // InIdentOrder calls downstream under its lock
                        return true;
                    }), name -> ends.incrementAndGet());
            assertThat(completed).isTrue();
        }
        assertThat(delivered).hasSize(TOTAL);
        for (int i = 0; i < TOTAL; i++) {
            assertThat(delivered.get(i)).isEqualTo(i);
        }
        assertThat(ends).hasValue(1);
    }

    @Test
    void aCallbackReturningFalseAbortsTheWholeSwarmStream() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (Swarm swarm = gw.controller().swarm(3)) {
            boolean completed = swarm.getSubroutineStream("share", Args.of(1_000_000),
                    (name, ident, bytes) -> seen.incrementAndGet() < 1000, null);
            assertThat(completed).isFalse();
            assertThat(seen.get()).isLessThan(1_000_000);
            // Every pair is still usable afterwards.
            assertThat(swarm.getSubroutineStream("share", Args.of(30), (n, i, b) -> true, null)).isTrue();
        }
    }

    @Test
    void inIdentOrderFailsClearlyOnAGapThatNeverFills() {
        InIdentOrder ordered = new InIdentOrder(0, 2, (name, ident, bytes) -> true);
        assertThatThrownBy(() -> {
            ordered.onChunk("s", 1, new byte[0]);
            ordered.onChunk("s", 2, new byte[0]);
            ordered.onChunk("s", 3, new byte[0]);
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("ident 0 is still missing");
    }

    @Test
    void inIdentOrderRefusesDuplicates() throws Exception {
        InIdentOrder ordered = new InIdentOrder(5, 10, (name, ident, bytes) -> true);
        ordered.onChunk("s", 5, new byte[0]);
        assertThatThrownBy(() -> ordered.onChunk("s", 5, new byte[0])).isInstanceOf(IllegalStateException.class);
        assertThat(ordered.nextIdent()).isEqualTo(6);
    }
}
