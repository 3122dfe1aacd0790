package dev.swarmnet.internal.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.support.Encoded;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch of ranges goes as FILE_GET, or as FILE_REGET as soon as one of them is a retry after a mismatch. */
class FileGetFrameTest {
    private static final FileEntry ENTRY = new FileEntry("logs/a.log", "a.log", 1 << 20, 0);

    @Test
    void firstAttemptsGoAsFileGet() {
        assertThat(typeOf(List.of(range(1, 0), range(2, 0)))).isEqualTo(Protocol.FILE_GET);
    }

    @Test
    void aBatchWithOneRetryGoesAsFileReget() {
        assertThat(typeOf(List.of(range(1, 0), range(2, 1)))).isEqualTo(Protocol.FILE_REGET);
    }

    private static FileRange range(int tag, int attempt) {
        return new FileRange(tag, ENTRY, (tag - 1) * 4096L, 4096, attempt);
    }

    /** The type byte of the one frame encoded (after the u32 length). */
    private static int typeOf(List<FileRange> ranges) {
        return Encoded.frames(sink -> DownloadJob.requestRanges(sink, ranges))[4] & 0xFF;
    }
}
