package dev.swarmnet.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arrays a download holds small bodies in: large enough, used again, and never kept beyond the bound. */
class BodyBuffersTest {
    @Test
    void anArrayIsLargeEnoughAndComesInPowersOfTwoFromFourKib() {
        BodyBuffers buffers = new BodyBuffers(256 * 1024);
        assertThat(buffers.take(0)).isEmpty();
        assertThat(buffers.take(1)).hasSize(4096);
        assertThat(buffers.take(4096)).hasSize(4096);
        assertThat(buffers.take(4097)).hasSize(8192);
        assertThat(buffers.take(256 * 1024)).hasSize(256 * 1024);
    }

    @Test
    void aGivenArrayIsTakenAgainForTheSameSizeClassOnly() {
        BodyBuffers buffers = new BodyBuffers(256 * 1024);
        byte[] first = buffers.take(5000);
        buffers.give(first);
        assertThat(buffers.take(3000)).isNotSameAs(first); // another class
        assertThat(buffers.take(6000)).isSameAs(first);
        assertThat(buffers.take(6000)).isNotSameAs(first); // taken already
    }

    @Test
    void noMoreThanTheBoundIsKeptIdle() {
        BodyBuffers buffers = new BodyBuffers(256 * 1024);
        List<byte[]> taken = new ArrayList<>();
        int count = (int) (BodyBuffers.MAX_KEPT_BYTES / (256 * 1024)) + 3;
        for (int i = 0; i < count; i++) {
            taken.add(buffers.take(256 * 1024));
        }
        taken.forEach(buffers::give);
        int reused = 0;
        for (int i = 0; i < count; i++) {
            byte[] again = buffers.take(256 * 1024);
            if (taken.stream().anyMatch(t -> t == again)) {
                reused++;
            }
        }
        assertThat(reused).isEqualTo((int) (BodyBuffers.MAX_KEPT_BYTES / (256 * 1024)));
    }
}
