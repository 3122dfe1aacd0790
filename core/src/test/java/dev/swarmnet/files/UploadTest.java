package dev.swarmnet.files;

import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.support.FileTrees.mtimeMillis;
import static dev.swarmnet.support.FileTrees.sha256;
import static dev.swarmnet.support.FileTrees.temporaries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Uploads with {@code client.sendFilesToGateway(dirname, files)} over one real connection. */
class UploadTest {
    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path local;
    private Path inbox;
    private Client client;

    @BeforeEach
    void setUp() throws Exception {
        local = fs.path("local");
        inbox = fs.inbox();
        client = fs.client();
    }

    @Test
    void filesLandInTheDirnameUnderTheGatewaysDownloadDirWithTheirMtimes() throws Exception {
        List<Path> files = List.of(fs.write(local, "one.bin", 1), fs.write(local, "two.bin", 65_536),
                fs.write(local, "nested/three.bin", 300_000), fs.write(local, "four.bin", 1_234_567));

        TransferReport report = client.sendFilesToGateway("backup", files);

        assertSucceeded(report, 4, 1 + 65_536 + 300_000 + 1_234_567);
        SortedMap<String, String> expected = new TreeMap<>();
        for (Path f : files) {
            expected.put("backup/" + f.getFileName(), sha256(f));
        }
        assertThat(digests(inbox)).as("each file under its own name in backup/").isEqualTo(expected);
        for (Path f : files) {
            assertThat(mtimeMillis(inbox.resolve("backup").resolve(f.getFileName().toString())))
                    .as("mtime of %s", f.getFileName()).isEqualTo(mtimeMillis(f));
        }
    }

    @Test
    void aNestedDirnameIsCreated() throws Exception {
        Path f = fs.write(local, "deep.bin", 4_000);
        assertSucceeded(client.sendFilesToGateway("2024/june/logs", List.of(f)), 1, 4_000);
        assertThat(digests(inbox)).containsOnlyKeys("2024/june/logs/deep.bin").containsValue(sha256(f));
    }

    @Test
    void anEmptyDirnameMeansTheDownloadDirItself() throws Exception {
        Path f = fs.write(local, "here.bin", 10_000);
        assertSucceeded(client.sendFilesToGateway("", List.of(f)), 1, 10_000);
        assertThat(digests(inbox)).containsOnlyKeys("here.bin").containsValue(sha256(f));
        assertThat(mtimeMillis(inbox.resolve("here.bin"))).isEqualTo(mtimeMillis(f));
    }

    @Test
    void anEmptyFileArrivesEmpty() throws Exception {
        Path empty = fs.write(local, "empty.txt", 0);
        Path after = fs.write(local, "after.txt", 10);
        assertSucceeded(client.sendFilesToGateway("e", List.of(empty, after)), 2, 10);
        assertThat(Files.size(inbox.resolve("e/empty.txt"))).isZero();
        assertThat(mtimeMillis(inbox.resolve("e/empty.txt"))).isEqualTo(mtimeMillis(empty));
        assertThat(sha256(inbox.resolve("e/after.txt"))).isEqualTo(sha256(after));
    }

    @Test
    void anUploadOverwritesAnExistingFile() throws Exception {
        fs.write(inbox.resolve("up/report.csv"), new byte[500_000]);
        Path f = fs.write(local, "report.csv", 1_000);

        assertSucceeded(client.sendFilesToGateway("up", List.of(f)), 1, 1_000);

        assertThat(digests(inbox)).containsOnlyKeys("up/report.csv").containsValue(sha256(f));
        assertThat(mtimeMillis(inbox.resolve("up/report.csv"))).isEqualTo(mtimeMillis(f));

        // And again with a larger version, through the same connection.
        Path bigger = fs.write(local.resolve("v2"), "report.csv", 700_000);
        assertSucceeded(client.sendFilesToGateway("up", List.of(bigger)), 1, 700_000);
        assertThat(digests(inbox)).containsOnlyKeys("up/report.csv").containsValue(sha256(bigger));
    }

    /** Two local files with the same name would land on the same path on the gateway. */
    @Test
    void twoFilesOfTheSameNameAreNotSilentlyCollapsedIntoOne() throws Exception {
        Path first = fs.write(local.resolve("x"), "same.txt", 100);
        Path second = fs.write(local.resolve("y"), "same.txt", 200);

        TransferReport report = client.sendFilesToGateway("d", List.of(first, second));

        assertThat(report.files() + report.failures().size()).as("each file counted once").isEqualTo(2);
        assertThat(digests(inbox)).as("files on the gateway vs. the report's count of files stored: %s", report)
                .hasSize(report.files());
    }

    @Test
    void theClientStaysUsableForDownloadsAfterAnUpload() throws Exception {
        Path f = fs.write(local, "x.bin", 5);
        assertSucceeded(client.sendFilesToGateway("a", List.of(f)), 1, 5);
        assertThat(client.ping("still there")).isEqualTo("still there");
    }

    private void assertSucceeded(TransferReport report, int files, long bytes) throws Exception {
        assertThat(report.failures()).as("failures").isEmpty();
        assertThat(report.files()).as("files").isEqualTo(files);
        assertThat(report.bytes()).as("bytes").isEqualTo(bytes);
        assertThat(temporaries(fs.root())).as("temporary files").isEmpty();
    }
}
