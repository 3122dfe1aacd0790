package dev.swarmnet.internal.gateway.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.files.FileFrames;
import dev.swarmnet.support.Background;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Protocol;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import dev.swarmnet.internal.files.TargetFolders;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's assembly of striped uploads: ranges from several connections, the commit, the clean-up. */
class StripedUploadsTest {
    private static final long ID = 42;
    /** An mtime in nanoseconds since the epoch, as the wire carries it. */
    private static final long MTIME = 1_600_000_000_123_456_789L;

    @TempDir
    Path tmp;

    private Path inbox;
    private StripedUploads uploads;
    private final byte[] content = new byte[10_000];
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
        uploads = gateway.track(new StripedUploads());
        new Random(7).nextBytes(content);
    }

    @Test
    void rangesFromTwoConnectionsMakeTheFileOnlyAtTheCommit() throws IOException {
        assertStored(range(0, 6_000, connectionA));
        assertThat(uploads.commit(commit(), connectionA, gateway.folders()).errorCode()).isEqualTo(ErrorCode.TRANSFER_FAILED);
        assertStored(range(6_000, 4_000, connectionB));
        assertThat(inbox.resolve("up/big.bin")).doesNotExist();

        FileFrames.Outcome committed = uploads.commit(commit(), connectionA, gateway.folders());

        assertThat(committed.code()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(inbox.resolve("up/big.bin")).to(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isEqualTo(MTIME);
        assertThat(uploads.openCount()).isZero();
        assertThat(hiddenFiles()).isEmpty();
    }

    @Test
    void aRangeSentTwiceIsWrittenInPlace() throws IOException {
        assertStored(range(0, 6_000, connectionA));
        assertStored(range(0, 6_000, connectionB));
        assertStored(range(6_000, 4_000, connectionB));
        assertThat(uploads.commit(commit(), connectionA, gateway.folders()).code()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
    }

    @Test
    void aCorruptedRangeIsRefusedAndLeavesAGap() throws IOException {
        byte[] wrong = frames(0, 6_000, true);
        assertThat(uploads.receive(reader(wrong), header(0, 6_000), connectionA, gateway.folders()).errorCode())
                .isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
        assertStored(range(6_000, 4_000, connectionA));
        assertThat(uploads.commit(commit(), connectionA, gateway.folders()).errorCode()).isEqualTo(ErrorCode.TRANSFER_FAILED);
    }

    @Test
    void aFileIsAbandonedWhenTheLastConnectionHoldingItCloses() throws IOException {
        assertStored(range(0, 6_000, connectionA));
        assertStored(range(6_000, 4_000, connectionB));
        uploads.release(connectionA);
        assertThat(hiddenFiles()).as("the data and its range log").hasSize(2);
        uploads.release(connectionB);
        assertThat(hiddenFiles()).isEmpty();
        assertThat(uploads.commit(commit(), connectionA, gateway.folders()).message()).contains("send it again");
        assertThat(inbox.resolve("up/big.bin")).doesNotExist();
    }

    @Test
    void refusedRangesStillConsumeTheirBodies() throws IOException {
        FrameReader outside = reader(frames(9_000, 4_000, false));
        FileFrames.PutRangeHeader tooFar = new FileFrames.PutRangeHeader(1, ID, "up", "big.bin", 9_000, 4_000,
                content.length, MTIME);
        assertThat(uploads.receive(outside, tooFar, connectionA, gateway.folders()).errorCode()).isEqualTo(ErrorCode.BAD_ARGUMENTS);
        assertThat(outside.next()).as("the frame after the body").isEqualTo(Protocol.PING);

        FrameReader escape = reader(frames(0, 6_000, false));
        FileFrames.PutRangeHeader outward = new FileFrames.PutRangeHeader(1, ID, "../out", "big.bin", 0, 6_000,
                content.length, MTIME);
        assertThat(uploads.receive(escape, outward, connectionA, gateway.folders()).errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(escape.next()).isEqualTo(Protocol.PING);
        assertThat(tmp.resolve("out")).doesNotExist();

        assertStored(range(0, 6_000, connectionA));
        FrameReader disagreeing = reader(frames(6_000, 4_000, false));
        FileFrames.PutRangeHeader otherSize = new FileFrames.PutRangeHeader(1, ID, "up", "big.bin", 6_000, 4_000,
                content.length + 1, MTIME);
        assertThat(uploads.receive(disagreeing, otherSize, connectionA, gateway.folders()).errorCode())
                .isEqualTo(ErrorCode.BAD_ARGUMENTS);
    }

    @Test
    void theNumberOfFilesBeingReceivedIsBounded() throws IOException {
        List<Object> connections = new ArrayList<>();
        for (int i = 0; i < StripedUploads.MAX_OPEN; i++) {
            if (i % StripedUploads.MAX_OPEN_PER_CONNECTION == 0) {
                connections.add(new Object());
            }
            FileFrames.PutRangeHeader h = new FileFrames.PutRangeHeader(1, i, "up", "f" + i, 0, 6_000,
                    content.length, MTIME);
            assertThat(uploads.receive(reader(frames(0, 6_000, false)), h, connections.get(connections.size() - 1),
                    gateway.folders()).code()).isZero();
        }
        FileFrames.PutRangeHeader oneMore = new FileFrames.PutRangeHeader(1, 999, "up", "more", 0, 6_000,
                content.length, MTIME);
        assertThat(uploads.receive(reader(frames(0, 6_000, false)), oneMore, connectionA, gateway.folders()).errorCode())
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        connections.forEach(uploads::release);
        uploads.release(connectionA);
        assertThat(uploads.openCount()).isZero();
        assertThat(hiddenFiles()).isEmpty();
    }

    @Test
    void oneConnectionHoldsAtMostItsShareOfTheFilesBeingReceived() throws IOException {
        for (int i = 0; i <= StripedUploads.MAX_OPEN_PER_CONNECTION; i++) {
            FileFrames.PutRangeHeader h = new FileFrames.PutRangeHeader(1, i, "up", "f" + i, 0, 6_000,
                    content.length, MTIME);
            FileFrames.Outcome outcome = uploads.receive(reader(frames(0, 6_000, false)), h, connectionA,
                    gateway.folders());
            assertThat(outcome.code()).isEqualTo(i < StripedUploads.MAX_OPEN_PER_CONNECTION ? 0
                    : ErrorCode.LIMIT_EXCEEDED.wireCode());
        }
        FileFrames.PutRangeHeader other = new FileFrames.PutRangeHeader(1, 0, "up", "f0", 6_000, 4_000,
                content.length, MTIME);
        assertThat(uploads.receive(reader(frames(6_000, 4_000, false)), other, connectionB, gateway.folders()).code())
                .as("another connection joins an upload the first one holds").isZero();
        uploads.release(connectionA);
        uploads.release(connectionB);
        assertThat(uploads.openCount()).isZero();
    }

    /**
     * The fault matrix's STALL cell in miniature: connection A's handler is stuck inside the body of a range (its
     * link stalled), the client sends that range again on connection B and commits. The commit must not wait for
     * A, and nothing A receives afterwards — here other bytes than the file's — may reach the committed file.
     */
    @Test
    void aStaleWriterStuckInsideARangeNeitherBlocksTheCommitNorTouchesTheFile() throws Exception {
        byte[] stale = frames(0, 6_000, false);
        for (int i = 0; i < 6_000; i++) {
            stale[i] = (byte) ~stale[i]; // whatever A writes would show in the file
        }
        StallingInput stalled = new StallingInput(stale, 2_000);
        CompletableFuture<FileFrames.Outcome> a = Background.call("stale-writer",
                () -> uploads.receive(reader(stalled), header(0, 6_000), connectionA, gateway.folders()));
        stalled.awaitStalled(); // A wrote its first 2,000 bytes and waits for more

        assertStored(range(0, 6_000, connectionB));
        assertStored(range(6_000, 4_000, connectionB));
        assertThat(uploads.commit(commit(), connectionB, gateway.folders()).code()).as("the commit does not wait for A").isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);

        stalled.resume(); // A's link comes back: the rest of its body and its trailer arrive
        FileFrames.Outcome late = a.get(20, TimeUnit.SECONDS);
        assertThat(late.errorCode()).as(late.message()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
        assertThat(late.message()).contains("sent again");
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).as("A wrote nothing after it was superseded")
                .isEqualTo(content);
        uploads.release(connectionA);
        uploads.release(connectionB);
        assertThat(hiddenFiles()).as("no data or range log left").isEmpty();
    }

    @Test
    void aNewerSendingOfARangeSupersedesTheOneInProgress() throws Exception {
        StallingInput stalled = new StallingInput(frames(0, 6_000, false), 2_000);
        CompletableFuture<FileFrames.Outcome> a = Background.call("older-writer",
                () -> uploads.receive(reader(stalled), header(0, 6_000), connectionA, gateway.folders()));
        stalled.awaitStalled();
        assertStored(range(0, 6_000, connectionB));
        stalled.resume();
        assertThat(a.get(20, TimeUnit.SECONDS).errorCode()).as("superseded, even with intact bytes")
                .isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
        assertStored(range(6_000, 4_000, connectionA));
        assertThat(uploads.commit(commit(), connectionA, gateway.folders()).code()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
    }

    @Test
    void aCommitStillWaitsForRangesNobodyDeliveredYet() throws Exception {
        assertStored(range(6_000, 4_000, connectionB));
        StallingInput stalled = new StallingInput(frames(0, 6_000, false), 2_000);
        CompletableFuture<FileFrames.Outcome> a = Background.call("only-writer",
                () -> uploads.receive(reader(stalled), header(0, 6_000), connectionA, gateway.folders()));
        stalled.awaitStalled();
        assertThat(uploads.commit(commit(), connectionB, gateway.folders()).errorCode()).isEqualTo(ErrorCode.TRANSFER_FAILED);
        stalled.resume();
        assertStored(a.get(20, TimeUnit.SECONDS));
        assertThat(uploads.commit(commit(), connectionB, gateway.folders()).code()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
    }

    @Test
    void aCommittedUploadAnswersLateRangesQueriesAndCommitsAsDoneAndStartsNothing() throws IOException {
        assertStored(range(0, 6_000, connectionA));
        assertStored(range(6_000, 4_000, connectionB));
        assertThat(uploads.commit(commit(), connectionA, gateway.folders()).code()).isZero();

        FrameReader late = reader(frames(0, 6_000, false));
        assertStored(uploads.receive(late, header(0, 6_000), connectionB, gateway.folders()));
        assertThat(late.next()).as("the body was consumed").isEqualTo(Protocol.PING);
        FileFrames.Have have = uploads.query(new FileFrames.PutQuery(3, ID, "up", "big.bin", content.length, MTIME),
                connectionB, gateway.folders(), 100);
        assertThat(have.code()).isZero();
        assertThat(have.spans()).containsExactly(new FileFrames.Span(0, content.length));
        assertThat(uploads.query(new FileFrames.PutQuery(3, ID, "up", "big.bin", content.length + 1, MTIME),
                connectionB, gateway.folders(), 100).errorCode()).isEqualTo(ErrorCode.BAD_ARGUMENTS);
        assertThat(uploads.commit(commit(), connectionB, gateway.folders()).code()).isZero();
        assertThat(uploads.commit(new FileFrames.PutCommit(2, ID + 1, "up", "big.bin"), connectionB, gateway.folders()).errorCode())
                .as("another upload id knows nothing").isEqualTo(ErrorCode.TRANSFER_FAILED);

        assertThat(hiddenFiles()).as("no pieces started again").isEmpty();
        assertThat(uploads.openCount()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
    }

    @Test
    void aRangeOverlappingStoredBytesInPartIsRefusedAndTheStoredBytesKept() throws IOException {
        assertStored(range(0, 6_000, connectionA));
        FrameReader partly = reader(frames(3_000, 5_000, false));
        assertThat(uploads.receive(partly, header(3_000, 5_000), connectionB, gateway.folders()).errorCode())
                .isEqualTo(ErrorCode.BAD_ARGUMENTS);
        assertThat(partly.next()).isEqualTo(Protocol.PING);
        assertStored(range(2_000, 3_000, connectionB)); // wholly inside: already there, acknowledged
        assertStored(range(6_000, 4_000, connectionB));
        assertThat(uploads.commit(commit(), connectionA, gateway.folders()).code()).isZero();
        assertThat(Files.readAllBytes(inbox.resolve("up/big.bin"))).isEqualTo(content);
    }

    @Test
    void aTargetFolderSwappedForALinkMidUploadGetsNothingFromIt() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        assertStored(range(0, 6_000, connectionA));
        Files.move(inbox.resolve("up"), inbox.resolve("up.moved"));
        Files.createSymbolicLink(inbox.resolve("up"), outside);

        // Another connection meets the link and is refused; this one's folder (and the upload's) is the moved one.
        try (TargetFolders other = TargetFolders.open(inbox)) {
            assertThat(uploads.receive(reader(frames(6_000, 4_000, false)), header(6_000, 4_000), connectionB, other)
                    .errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(uploads.commit(commit(), connectionB, other).errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertStored(range(6_000, 4_000, connectionA));
        assertThat(uploads.commit(commit(), connectionA, gateway.folders()).code()).isZero();

        assertThat(Files.readAllBytes(inbox.resolve("up.moved/big.bin"))).isEqualTo(content);
        try (var stream = Files.list(outside)) {
            assertThat(stream.toList()).as("nothing written through the link").isEmpty();
        }
    }

    private void assertStored(FileFrames.Outcome outcome) {
        assertThat(outcome.code()).as(outcome.message()).isZero();
    }

    private FileFrames.Outcome range(int offset, int length, Object connection) throws IOException {
        return uploads.receive(reader(frames(offset, length, false)), header(offset, length), connection, gateway.folders());
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

    private static FrameReader reader(InputStream in) {
        return new FrameReader(in, Protocol.DEFAULT_MAX_FRAME_SIZE);
    }

    /** A link that delivers the first bytes, then stalls (saying so) until {@link #resume()}, then the rest. */
    private static final class StallingInput extends InputStream {
        private final byte[] bytes;
        private final int stallAt;
        private final CountDownLatch stalled = new CountDownLatch(1);
        private final CountDownLatch resumed = new CountDownLatch(1);
        private int pos;

        StallingInput(byte[] bytes, int stallAt) {
            this.bytes = bytes;
            this.stallAt = stallAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos == stallAt) {
                stalled.countDown();
                try {
                    resumed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
            if (pos == bytes.length) {
                return -1;
            }
            int end = pos < stallAt ? stallAt : bytes.length;
            int n = Math.min(len, end - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        void awaitStalled() throws InterruptedException {
            assertThat(stalled.await(20, TimeUnit.SECONDS)).as("the writer reached the stall").isTrue();
        }

        void resume() {
            resumed.countDown();
        }
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
