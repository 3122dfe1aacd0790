package dev.swarmnet.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Protocol;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's assembly of striped uploads: ranges from several connections, the commit, the clean-up. */
class StripedUploadsTest {
    private static final long ID = 42;
    private static final long MTIME = 1_600_000_000_000L;

    @TempDir
    Path tmp;

    private Path inbox;
    private StripedUploads uploads;
    private final byte[] content = new byte[10_000];
    private final Object connectionA = new Object();
    private final Object connectionB = new Object();

    @BeforeEach
    void setUp() {
        inbox = tmp.resolve("inbox");
        uploads = new StripedUploads(inbox);
        new Random(7).nextBytes(content);
    }

    @Test
    void rangesFromTwoConnectionsMakeTheFileOnlyAtTheCommit() throws IOException {
        assertStored(range(0, 6_000, connectionA));
        assertThat(uploads.commit(commit(), connectionA).errorCode()).isEqualTo(ErrorCode.TRANSFER_FAILED);
        assertStored(range(6_000, 4_000, connectionB));
        assertThat(inbox.resolve("up/big.bin")).doesNotExist();

        FileFrames.Outcome committed = uploads.commit(commit(), connectionA);

        assertThat(committed.code()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(inbox.resolve("up/big.bin")).toMillis()).isEqualTo(MTIME);
        assertThat(uploads.openCount()).isZero();
        assertThat(hiddenFiles()).isEmpty();
    }

    @Test
    void aRangeSentTwiceIsWrittenInPlace() throws IOException {
        assertStored(range(0, 6_000, connectionA));
        assertStored(range(0, 6_000, connectionB));
        assertStored(range(6_000, 4_000, connectionB));
        assertThat(uploads.commit(commit(), connectionA).code()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
    }

    @Test
    void aCorruptedRangeIsRefusedAndLeavesAGap() throws IOException {
        byte[] wrong = frames(0, 6_000, true);
        assertThat(uploads.receive(reader(wrong), header(0, 6_000), connectionA).errorCode())
                .isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
        assertStored(range(6_000, 4_000, connectionA));
        assertThat(uploads.commit(commit(), connectionA).errorCode()).isEqualTo(ErrorCode.TRANSFER_FAILED);
    }

    @Test
    void aFileIsAbandonedWhenTheLastConnectionHoldingItCloses() throws IOException {
        assertStored(range(0, 6_000, connectionA));
        assertStored(range(6_000, 4_000, connectionB));
        uploads.release(connectionA);
        assertThat(hiddenFiles()).as("the data and its range log").hasSize(2);
        uploads.release(connectionB);
        assertThat(hiddenFiles()).isEmpty();
        assertThat(uploads.commit(commit(), connectionA).message()).contains("send it again");
        assertThat(inbox.resolve("up/big.bin")).doesNotExist();
    }

    @Test
    void refusedRangesStillConsumeTheirBodies() throws IOException {
        FrameReader outside = reader(frames(9_000, 4_000, false));
        FileFrames.PutRangeHeader tooFar = new FileFrames.PutRangeHeader(1, ID, "up", "big.bin", 9_000, 4_000,
                content.length, MTIME);
        assertThat(uploads.receive(outside, tooFar, connectionA).errorCode()).isEqualTo(ErrorCode.BAD_ARGUMENTS);
        assertThat(outside.next()).as("the frame after the body").isEqualTo(Protocol.PING);

        FrameReader escape = reader(frames(0, 6_000, false));
        FileFrames.PutRangeHeader outward = new FileFrames.PutRangeHeader(1, ID, "../out", "big.bin", 0, 6_000,
                content.length, MTIME);
        assertThat(uploads.receive(escape, outward, connectionA).errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(escape.next()).isEqualTo(Protocol.PING);
        assertThat(tmp.resolve("out")).doesNotExist();

        assertStored(range(0, 6_000, connectionA));
        FrameReader disagreeing = reader(frames(6_000, 4_000, false));
        FileFrames.PutRangeHeader otherSize = new FileFrames.PutRangeHeader(1, ID, "up", "big.bin", 6_000, 4_000,
                content.length + 1, MTIME);
        assertThat(uploads.receive(disagreeing, otherSize, connectionA).errorCode())
                .isEqualTo(ErrorCode.BAD_ARGUMENTS);
    }

    @Test
    void theNumberOfFilesBeingReceivedIsBounded() throws IOException {
        for (int i = 0; i < StripedUploads.MAX_OPEN; i++) {
            FileFrames.PutRangeHeader h = new FileFrames.PutRangeHeader(1, i, "up", "f" + i, 0, 6_000,
                    content.length, MTIME);
            assertThat(uploads.receive(reader(frames(0, 6_000, false)), h, connectionA).code()).isZero();
        }
        FileFrames.PutRangeHeader oneMore = new FileFrames.PutRangeHeader(1, 999, "up", "more", 0, 6_000,
                content.length, MTIME);
        assertThat(uploads.receive(reader(frames(0, 6_000, false)), oneMore, connectionA).errorCode())
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        uploads.release(connectionA);
        assertThat(uploads.openCount()).isZero();
        assertThat(hiddenFiles()).isEmpty();
    }

    private void assertStored(FileFrames.Outcome outcome) {
        assertThat(outcome.code()).as(outcome.message()).isZero();
    }

    private FileFrames.Outcome range(int offset, int length, Object connection) throws IOException {
        return uploads.receive(reader(frames(offset, length, false)), header(offset, length), connection);
    }

    private FileFrames.PutRangeHeader header(long offset, long length) {
        return new FileFrames.PutRangeHeader(1, ID, "up", "big.bin", offset, length, content.length, MTIME);
    }

    private FileFrames.PutCommit commit() {
        return new FileFrames.PutCommit(2, ID, "up", "big.bin");
    }

    /** The body of a range, its FILE_DONE, and a PING to show where the reader stopped. */
    private byte[] frames(int offset, int length, boolean corrupt) throws IOException {
        byte[] body = Arrays.copyOfRange(content, offset, offset + length);
        CRC32C crc = new CRC32C();
        crc.update(body);
        if (corrupt) {
            body[length / 2] ^= 1;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConnectionWriter writer = new ConnectionWriter(Channels.newChannel(bytes));
        writer.writeRaw(body);
        int value = (int) crc.getValue();
        writer.write(sink -> FileFrames.done(sink, new FileFrames.Trailer(1, value, Protocol.FILE_INTACT)));
        writer.write(sink -> {
            sink.header(Protocol.PING, 0);
        });
        return bytes.toByteArray();
    }

    private static FrameReader reader(byte[] bytes) {
        return new FrameReader(new ByteArrayInputStream(bytes), Protocol.DEFAULT_MAX_FRAME_SIZE);
    }

    private List<Path> hiddenFiles() throws IOException {
        if (!Files.exists(inbox)) {
            return List.of();
        }
        try (var walk = Files.walk(inbox)) {
            return walk.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
