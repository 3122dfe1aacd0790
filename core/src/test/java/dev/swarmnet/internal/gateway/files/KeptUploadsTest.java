package dev.swarmnet.internal.gateway.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kept pieces of striped uploads stay within their count and their declared bytes, oldest given up first. */
class KeptUploadsTest {
    private final KeptUploads kept = new KeptUploads(Duration.ofHours(1), List.of());

    @Test
    void beyondTheCountTheOldestIsGivenUp() {
        List<Path> evicted = new ArrayList<>();
        for (int i = 0; i <= KeptUploads.MAX_UPLOADS; i++) {
            evicted.addAll(kept.keep(Path.of("/in/u" + i), 1));
        }
        assertThat(evicted).containsExactly(Path.of("/in/u0"));
        assertThat(kept.count()).isEqualTo(KeptUploads.MAX_UPLOADS);
    }

    @Test
    void beyondTheDeclaredBytesTheOldestAreGivenUpButNeverTheNewest() {
        long third = KeptUploads.MAX_DECLARED_BYTES / 3;
        assertThat(kept.keep(Path.of("/in/a"), third)).isEmpty();
        assertThat(kept.keep(Path.of("/in/b"), third)).isEmpty();
        assertThat(kept.keep(Path.of("/in/c"), third)).isEmpty();
        assertThat(kept.keep(Path.of("/in/d"), third)).containsExactly(Path.of("/in/a"));
        assertThat(kept.keep(Path.of("/in/huge"), Long.MAX_VALUE / 2))
                .containsExactly(Path.of("/in/b"), Path.of("/in/c"), Path.of("/in/d"));
        assertThat(kept.count()).isEqualTo(1);
    }

    @Test
    void aForgottenUploadNoLongerCounts() {
        long half = KeptUploads.MAX_DECLARED_BYTES / 2;
        kept.keep(Path.of("/in/a"), half);
        kept.keep(Path.of("/in/b"), half);
        kept.forget(Path.of("/in/a"));
        assertThat(kept.keep(Path.of("/in/c"), half)).isEmpty();
    }
}
