package dev.swarmnet.internal.wire.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.support.Encoded;
import dev.swarmnet.support.WireBody;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FILE_LIST_PART entries of the three kinds and the mode fields, as docs/PROTOCOL.md lays them out: the bytes of
 * the section 10 example, every kind read back as written, and only permission bits accepted in a mode.
 */
class ListingFrameTest {
    private static final long NANOS = 1_600_000_000_000_000_000L;

    @Test
    void theDocumentedExampleIsWhatTheEncoderWrites() {
        byte[] encoded = Encoded.frames(s -> FileFrames.listParts(s, List.of(FileFrames.Listed.file("a.log", 5,
                NANOS, 0644))));
        byte[] documented = WireBody.create().u32(0x1E).u8(Protocol.FILE_LIST_PART).u32(1).u8(0).text("a.log").i64(5)
                .i64(NANOS).u16(0644).bytes();
        assertThat(encoded).isEqualTo(documented);
    }

    @Test
    void filesFoldersAndSkippedEntriesComeBackAsWritten() throws IOException {
        List<FileFrames.Listed> entries = List.of(
                FileFrames.Listed.file("a/b.txt", 12, NANOS + 123_456_789, 0755),
                FileFrames.Listed.file("none.txt", 0, -1, FileModes.NONE),
                FileFrames.Listed.folder("a", NANOS + 1, 0700),
                FileFrames.Listed.skipped("a/link", "a link"),
                FileFrames.Listed.skipped("fifo", "a special file"));
        FrameReader r = reader(Encoded.frames(s -> FileFrames.listParts(s, entries)));
        assertThat(r.next()).isEqualTo(Protocol.FILE_LIST_PART);
        assertThat(FileFrames.readListPart(r)).isEqualTo(entries);
    }

    @Test
    void aModeWithSetuidSetgidStickyOrATypeIsAViolation() {
        for (int mode : new int[] {04755, 02755, 01777, 0100644}) {
            byte[] body = WireBody.create().u32(1).u8(0).text("x").i64(1).i64(NANOS).u16(mode).bytes();
            assertThatThrownBy(() -> FileFrames.readListPart(reader(frame(Protocol.FILE_LIST_PART, body), true)))
                    .as("mode 0%o", mode).isInstanceOf(ProtocolViolation.class);
        }
        assertThatThrownBy(() -> Encoded.frames(s -> FileFrames.listParts(s,
                List.of(FileFrames.Listed.file("x", 1, 0, 04755))))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uploadsCarryTheModeOrNone() throws IOException {
        FileFrames.PutHeader put = new FileFrames.PutHeader(1, "d", "f", 3, NANOS + 7, 0640);
        FrameReader r = reader(Encoded.frames(s -> FileFrames.put(s, put)));
        r.next();
        assertThat(FileFrames.readPut(r)).isEqualTo(put);
        FileFrames.PutCommit commit = new FileFrames.PutCommit(2, 9, "d", "f");
        r = reader(Encoded.frames(s -> FileFrames.putCommit(s, commit)));
        r.next();
        assertThat(FileFrames.readPutCommit(r).mode()).isEqualTo(FileModes.NONE);
        assertThat(FileModes.forUpload(0777)).as("no group or others write on the gateway").isEqualTo(0755);
    }

    private static FrameReader reader(byte[] frames) {
        return new FrameReader(new ByteArrayInputStream(frames), Integer.MAX_VALUE);
    }

    /** A reader positioned on the body of the one frame in {@code frames}. */
    private static FrameReader reader(byte[] frames, boolean positioned) throws IOException {
        FrameReader r = reader(frames);
        r.next();
        return r;
    }

    private static byte[] frame(int type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).putInt(body.length).put((byte) type).put(body).array();
    }
}
