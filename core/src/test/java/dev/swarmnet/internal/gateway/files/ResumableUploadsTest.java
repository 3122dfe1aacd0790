package dev.swarmnet.internal.gateway.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.files.ResumablePieces;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import dev.swarmnet.internal.files.TargetFolders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Striped uploads that outlive their connections and the gateway's process: each "restart" here is a new
 * registry over the same download folder, as a new gateway process would build after its start-up sweep.
 */
class ResumableUploadsTest {
    private static final long ID = 0x5EED_1D5L;
    /** An mtime in nanoseconds since the epoch, as the wire carries it. */
    private static final long MTIME = 1_600_000_000_123_456_789L;
    private static final Duration RETENTION = Duration.ofHours(1);

    @TempDir
    Path tmp;

    private Path inbox;
    private final byte[] content = new byte[30_000];
    private final Object connectionA = new Object();
    private final Object connectionB = new Object();

    private UploadConnections gateway;

    @AfterEach
    void releaseConnections() {
        gateway.close();
    }

    @BeforeEach
    void setUp() {
        inbox = tmp.resolve("inbox");
        gateway = new UploadConnections(inbox, connectionA, connectionB);
        new Random(11).nextBytes(content);
    }

    @Test
    void verifiedRangesSurviveARestartAndOnlyTheRestIsSent() throws IOException {
        StripedUploads before = registry();
        assertStored(range(before, 0, 10_000, connectionA));
        assertStored(range(before, 20_000, 10_000, connectionB));
        before.release(connectionA);
        before.release(connectionB); // the process "dies": nothing is deleted

        StripedUploads after = registry();
        FileFrames.Have have = after.query(query(ID, content.length), connectionA, gateway.folders(), 100);

        assertThat(have.code()).as(have.message()).isZero();
        assertThat(have.spans()).containsExactly(new FileFrames.Span(0, 10_000), new FileFrames.Span(20_000, 10_000));
        assertStored(range(after, 10_000, 10_000, connectionA));
        assertThat(after.commit(commit(ID), connectionA, gateway.folders()).code()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(inbox.resolve("up/big.bin")).to(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isEqualTo(MTIME);
        assertThat(hiddenFiles()).as("no data or range log left after the commit").isEmpty();
    }

    @Test
    void aCommitAfterARestartFindsTheRangesOnDisk() throws IOException {
        StripedUploads before = registry();
        assertStored(range(before, 0, 15_000, connectionA));
        assertStored(range(before, 15_000, 15_000, connectionB));
        before.release(connectionA);
        before.release(connectionB);

        assertThat(registry().commit(commit(ID), connectionA, gateway.folders()).code()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
    }

    @Test
    void bytesThatNoLongerMatchTheirLoggedChecksumAreNotHeld() throws IOException {
        StripedUploads before = registry();
        assertStored(range(before, 0, 10_000, connectionA));
        assertStored(range(before, 10_000, 10_000, connectionA));
        before.release(connectionA);
        Path data = ResumablePieces.dataFor(inbox.resolve("up").toRealPath().resolve("big.bin"), ID);
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) ~content[12_345]}), 12_345); // lost in a power cut
        }

        FileFrames.Have have = registry().query(query(ID, content.length), connectionA, gateway.folders(), 100);

        assertThat(have.spans()).containsExactly(new FileFrames.Span(0, 10_000));
    }

    @Test
    void aTornLastRecordIsIgnored() throws IOException {
        StripedUploads before = registry();
        assertStored(range(before, 0, 10_000, connectionA));
        before.release(connectionA);
        Path data = ResumablePieces.dataFor(inbox.resolve("up").toRealPath().resolve("big.bin"), ID);
        Files.write(ResumablePieces.logFor(data), new byte[] {1, 2, 3, 4, 5, 6, 7}, StandardOpenOption.APPEND);

        StripedUploads after = registry();
        assertThat(after.query(query(ID, content.length), connectionA, gateway.folders(), 100).spans())
                .containsExactly(new FileFrames.Span(0, 10_000));
        assertStored(range(after, 10_000, 20_000, connectionA));
        assertThat(after.commit(commit(ID), connectionA, gateway.folders()).code()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
    }

    @Test
    void anotherUploadIdSeesNothingAndChangesNothing() throws IOException {
        StripedUploads before = registry();
        assertStored(range(before, 0, 10_000, connectionA));
        before.release(connectionA);
        List<Path> pieces = hiddenFiles();

        StripedUploads after = registry();
        FileFrames.Have forged = after.query(query(ID + 1, content.length), connectionB, gateway.folders(), 100);
        FileFrames.Have nowhere = after.query(new FileFrames.PutQuery(1, ID, "up/none/deeper", "big.bin",
                content.length, MTIME), connectionB, gateway.folders(), 100);
        FileFrames.Have escape = after.query(new FileFrames.PutQuery(1, ID, "../inbox/up", "big.bin",
                content.length, MTIME), connectionB, gateway.folders(), 100);
        FileFrames.Have otherSize = after.query(query(ID, content.length + 1), connectionA, gateway.folders(), 100);
        FileFrames.Outcome forgedCommit = after.commit(commit(ID + 1), connectionB, gateway.folders());

        assertThat(forged.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(forged.spans()).isEmpty();
        assertThat(forged.message()).doesNotContain(String.valueOf(ID)).doesNotContain(inbox.toString());
        assertThat(nowhere.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(nowhere.message()).isEqualTo(forged.message());
        assertThat(inbox.resolve("up/none")).as("a question creates no folder").doesNotExist();
        assertThat(escape.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(otherSize.errorCode()).isEqualTo(ErrorCode.BAD_ARGUMENTS);
        assertThat(forgedCommit.errorCode()).isEqualTo(ErrorCode.TRANSFER_FAILED);
        assertThat(hiddenFiles()).isEqualTo(pieces);
        assertThat(inbox.resolve("up/big.bin")).doesNotExist();
    }

    @Test
    void expiredPiecesAreSweptAndRecentOnesKept() throws IOException {
        StripedUploads uploads = registry();
        assertStored(uploads.receive(reader(frames(0, 10_000)), header(ID, "old.bin", 0, 10_000), connectionA, gateway.folders()));
        assertStored(uploads.receive(reader(frames(0, 10_000)), header(ID, "new.bin", 0, 10_000), connectionA, gateway.folders()));
        uploads.release(connectionA);
        Path up = inbox.resolve("up").toRealPath();
        Path old = ResumablePieces.dataFor(up.resolve("old.bin"), ID);
        age(old, Duration.ofHours(2));

        assertThat(uploads.sweepExpired()).isOne();

        assertThat(old).doesNotExist();
        assertThat(ResumablePieces.logFor(old)).doesNotExist();
        assertThat(ResumablePieces.dataFor(up.resolve("new.bin"), ID)).exists();
        assertThat(uploads.query(new FileFrames.PutQuery(1, ID, "up", "new.bin", content.length, MTIME), connectionA, gateway.folders(),
                100).spans()).containsExactly(new FileFrames.Span(0, 10_000));
    }

    @Test
    void aPieceBeingWorkedOnIsNeverSwept() throws IOException {
        StripedUploads uploads = registry();
        assertStored(range(uploads, 0, 10_000, connectionA));
        uploads.release(connectionA);
        assertThat(uploads.query(query(ID, content.length), connectionB, gateway.folders(), 100).code()).isZero(); // held again
        Path data = ResumablePieces.dataFor(inbox.resolve("up").toRealPath().resolve("big.bin"), ID);
        age(data, Duration.ofHours(2));

        assertThat(uploads.sweepExpired()).isZero();
        assertThat(data).exists();
    }

    @Test
    void theHeldSpansAreCappedAndMerged() throws IOException {
        StripedUploads uploads = registry();
        for (int offset = 0; offset < 30_000; offset += 5_000) {
            if (offset != 10_000 && offset != 20_000) {
                assertStored(range(uploads, offset, 5_000, connectionA));
            }
        }
        assertThat(uploads.query(query(ID, content.length), connectionA, gateway.folders(), 100).spans()).containsExactly(
                new FileFrames.Span(0, 10_000), new FileFrames.Span(15_000, 5_000), new FileFrames.Span(25_000, 5_000));
        assertThat(uploads.query(query(ID, content.length), connectionA, gateway.folders(), 1).spans())
                .containsExactly(new FileFrames.Span(0, 10_000));
    }

    /** A new registry over the same folder: a "restart". */
    private StripedUploads registry() {
        return gateway.track(new StripedUploads(RETENTION, List.of()));
    }

    private static void age(Path data, Duration by) throws IOException {
        FileTime then = FileTime.fromMillis(System.currentTimeMillis() - by.toMillis());
        Files.setLastModifiedTime(data, then);
        Files.setLastModifiedTime(ResumablePieces.logFor(data), then);
    }

    private static void assertStored(FileFrames.Outcome outcome) {
        assertThat(outcome.code()).as(outcome.message()).isZero();
    }

    private FileFrames.Outcome range(StripedUploads uploads, int offset, int length, Object connection)
            throws IOException {
        return uploads.receive(reader(frames(offset, length)), header(ID, "big.bin", offset, length), connection, gateway.folders());
    }

    private FileFrames.PutRangeHeader header(long id, String name, long offset, long length) {
        return new FileFrames.PutRangeHeader(1, id, "up", name, offset, length, content.length, MTIME);
    }

    private static FileFrames.PutQuery query(long id, long size) {
        return new FileFrames.PutQuery(1, id, "up", "big.bin", size, MTIME);
    }

    private static FileFrames.PutCommit commit(long id) {
        return new FileFrames.PutCommit(2, id, "up", "big.bin");
    }

    /** The body of a range and its FILE_DONE. */
    private byte[] frames(int offset, int length) throws IOException {
        byte[] body = Arrays.copyOfRange(content, offset, offset + length);
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConnectionWriter writer = new ConnectionWriter(Channels.newChannel(bytes));
        writer.writeRaw(body);
        int value = (int) crc.getValue();
        writer.write(sink -> FileFrames.done(sink, new FileFrames.Trailer(1, value, Protocol.FILE_INTACT)));
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
            return walk.filter(p -> p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
