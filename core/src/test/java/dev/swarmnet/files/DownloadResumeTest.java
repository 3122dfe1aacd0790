package dev.swarmnet.files;

import static dev.swarmnet.files.FileFixture.MIB;
import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.support.FileTrees.temporaries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A large download cut short keeps its verified ranges in one hidden partial file, never under the real name,
 * and the next run of the same download, from a new controller, fetches only what is missing.
 */
class DownloadResumeTest {
    /** Five 8 MiB ranges and a short sixth. */
    private static final long SIZE = 40L * MIB + 4321;
    /** Cut once this much has arrived: at least two ranges are verified by then. */
    private static final long CUT_AT = 20L * MIB;

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path share;
    private Path down;
    private Path big;

    @BeforeEach
    void setUp() throws Exception {
        share = fs.share();
        down = fs.down();
        big = share.resolve("data/big.bin");
        fs.writeLarge(big, SIZE, 42);
    }

    @Test
    void aCutDownloadKeepsItsVerifiedRangesAndTheNextRunFetchesOnlyTheRest() throws Exception {
        TransferReport cut = downloadCutAt(CUT_AT);
        assertThat(cut.files()).isZero();
        assertThat(cut.failures()).hasSize(1);
        assertThat(cut.kept()).as("whole verified ranges are kept").isGreaterThanOrEqualTo(16L * MIB)
                .isLessThan(SIZE);
        assertThat(down.resolve("big.bin")).as("nothing under the real name").doesNotExist();
        assertThat(temporaries(down)).as("one partial and its log, and the folder's list of partials")
                .containsExactlyInAnyOrder(".big.bin.03a7aec9.download.swarmnet-part",
                        ".big.bin.03a7aec9.download-ranges.swarmnet-part", ".partials.swarmnet-part");

        Recorder again = new Recorder();
        TransferReport resumed = download(again);
        assertThat(resumed.failures()).isEmpty();
        assertThat(resumed.files()).isEqualTo(1);
        assertThat(resumed.resumed()).isEqualTo(cut.kept());
        assertThat(again.bytesMoved.get()).as("only the missing bytes are sent").isEqualTo(SIZE - cut.kept());
        assertThat(digests(down)).isEqualTo(digests(share.resolve("data")));
        assertThat(temporaries(down)).isEmpty();
        assertThat(Files.getLastModifiedTime(down.resolve("big.bin"))).isEqualTo(Files.getLastModifiedTime(big));
    }

    @Test
    void aKeptRangeWhoseBytesChangedOnDiskIsFetchedAgain() throws Exception {
        TransferReport cut = downloadCutAt(CUT_AT);
        Path partial = partialData();
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, 1000);
            one.flip().put(0, (byte) ~one.get(0));
            ch.write(one, 1000); // inside the first range: its checksum no longer matches
        }
        Recorder again = new Recorder();
        TransferReport resumed = download(again);
        assertThat(resumed.failures()).isEmpty();
        assertThat(resumed.resumed()).isEqualTo(cut.kept() - 8L * MIB);
        assertThat(again.bytesMoved.get()).isEqualTo(SIZE - resumed.resumed());
        assertThat(digests(down)).isEqualTo(digests(share.resolve("data")));
        assertThat(temporaries(down)).isEmpty();
    }

    @Test
    void aPartialOfAnEarlierVersionOfTheFileIsDeletedAndTheFileFetchedWhole() throws Exception {
        downloadCutAt(CUT_AT);
        fs.writeLarge(big, SIZE, 7); // same size, other bytes and mtime
        Recorder again = new Recorder();
        TransferReport fresh = download(again);
        assertThat(fresh.failures()).isEmpty();
        assertThat(fresh.resumed()).isZero();
        assertThat(again.bytesMoved.get()).isEqualTo(SIZE);
        assertThat(digests(down)).isEqualTo(digests(share.resolve("data")));
        assertThat(temporaries(down)).isEmpty();
    }

    @Test
    void aSwarmContinuesAPartialASingleClientLeft() throws Exception {
        TransferReport cut = downloadCutAt(CUT_AT);
        Controller c = fs.controller();
        TransferReport resumed;
        try (Swarm swarm = c.swarm(3)) {
            resumed = swarm.getFilesFromGateway(FileQuery.folder("data"));
        }
        assertThat(resumed.failures()).isEmpty();
        assertThat(resumed.resumed()).isEqualTo(cut.kept());
        assertThat(digests(down)).isEqualTo(digests(share.resolve("data")));
        assertThat(temporaries(down)).isEmpty();
    }

    @Test
    void aCutBeforeAnyRangeWasVerifiedLeavesNothing() throws Exception {
        TransferReport cut = downloadCutAt(1);
        assertThat(cut.kept()).isZero();
        assertThat(temporaries(down)).isEmpty();
        assertThat(down.resolve("big.bin")).doesNotExist();
    }

    @Test
    void aSmallFileNeverLeavesAPartial() throws Exception {
        Files.setLastModifiedTime(fs.write(share.resolve("data"), "small.bin", 3 * MIB),
                FileTime.fromMillis(FileFixture.BASE_MTIME_MILLIS));
        Files.delete(big);
        TransferReport cut = downloadCutAt(MIB);
        assertThat(cut.kept()).isZero();
        assertThat(temporaries(down)).isEmpty();
    }

    /** A download whose controller is closed (as Ctrl-C does) once {@code cutAt} bytes have arrived. */
    private TransferReport downloadCutAt(long cutAt) throws IOException {
        Controller c = fs.controller();
        AtomicBoolean cut = new AtomicBoolean();
        Recorder cutter = new Recorder() {
            @Override
            void onBytes(long total) {
                if (total >= cutAt && cut.compareAndSet(false, true)) {
                    c.close();
                }
            }
        };
        try (Client client = c.getClient()) {
            TransferReport report = client.getFilesFromGateway(FileQuery.folder("data"), cutter);
            assertThat(cut).as("the transfer was cut").isTrue();
            return report;
        }
    }

    private TransferReport download(Recorder listener) throws IOException {
        Controller c = fs.controller();
        try (Client client = c.getClient()) {
            return client.getFilesFromGateway(FileQuery.folder("data"), listener);
        }
    }

    private Path partialData() throws IOException {
        List<String> parts = temporaries(down);
        String data = parts.stream().filter(p -> p.endsWith(".download.swarmnet-part")).findFirst().orElseThrow();
        return down.resolve(data);
    }

    /** The fixture's recorder, named for this test. */
    private static class Recorder extends FileFixture.Recorder {
    }
}
