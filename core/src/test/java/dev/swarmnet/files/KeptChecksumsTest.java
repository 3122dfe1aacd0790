package dev.swarmnet.files;

import static dev.swarmnet.files.FileFixture.MIB;
import static dev.swarmnet.support.FileTrees.changedMillis;
import static dev.swarmnet.support.FileTrees.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.swarmnet.Client;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway keeps the checksums of the large ranges it sends while their file keeps its version (the next
 * download of it goes by sendfile alone). Whatever it kept, every download arrives as the file's current
 * version, first time: no range is sent twice (bytes moved equal the file's size). The file is rewritten in
 * place with the same size and mtime between downloads, which is what a key of size and mtime alone would
 * miss.
 */
class KeptChecksumsTest {
    private static final long SIZE = 6L * MIB; // larger than FileSender.SMALL_BODY in every range
    /** The gateway keeps checksums only of files unchanged for a second (ChecksumCache.SETTLED_MILLIS). */
    private static final long SETTLED_MILLIS = 1_000;

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path file;
    private int downloads;

    @BeforeEach
    void setUp() throws Exception {
        file = fs.data().resolve("big.bin");
        fs.writeLarge(file, SIZE, 1);
        awaitSettled(file);
    }

    @Test
    void aFileSentAgainAndThenRewrittenArrivesAsItIsOverOneConnection() throws Exception {
        assertArrivesFirstTime(1, sha256(file));
        assertArrivesFirstTime(1, sha256(file)); // the gateway has its checksum now

        String rewritten = rewriteKeepingSizeAndMtime(2);

        assertArrivesFirstTime(1, rewritten);
    }

    @Test
    void aFileSentAgainAndThenRewrittenArrivesAsItIsOverAStripedSwarm() throws Exception {
        assertArrivesFirstTime(4, sha256(file));
        assertArrivesFirstTime(4, sha256(file));

        String rewritten = rewriteKeepingSizeAndMtime(3);
        awaitSettled(file); // so the rewritten version's checksums are kept too, and then used
        assertArrivesFirstTime(4, rewritten);
        assertArrivesFirstTime(4, rewritten);
    }

    /** Overwrites the file's bytes in place, then sets its mtime back: only its ctime tells. */
    private String rewriteKeepingSizeAndMtime(long seed) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(file);
        String digest = FileFixture.writeInPlace(file, SIZE, seed);
        Files.setLastModifiedTime(file, mtime);
        return digest;
    }

    /** Downloads the data folder into a new folder; the file must arrive whole, as {@code digest}, sent once. */
    private void assertArrivesFirstTime(int connections, String digest) throws Exception {
        Path down = fs.path("down-" + ++downloads);
        FileFixture.Recorder recorder = new FileFixture.Recorder();
        TransferReport report;
        if (connections == 1) {
            try (Client client = fs.controller(b -> b.downloadDir(down)).getClient()) {
                report = client.getFilesFromGateway(FileQuery.folder("data"), recorder);
            }
        } else {
            try (Swarm swarm = fs.controller(b -> b.downloadDir(down)).swarm(connections)) {
                report = swarm.stripeSize(MIB).getFilesFromGateway(FileQuery.folder("data"), recorder);
            }
        }
        assertThat(report.failures()).isEmpty();
        assertThat(sha256(down.resolve("big.bin"))).isEqualTo(digest);
        assertThat(recorder.bytesMoved.get()).as("bytes received: no range was sent twice").isEqualTo(SIZE);
    }

    /** Until the file's last change is over a second old. */
    private static void awaitSettled(Path file) {
        long changed = changedMillis(file);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> System.currentTimeMillis() > changed + SETTLED_MILLIS + 100);
    }
}
