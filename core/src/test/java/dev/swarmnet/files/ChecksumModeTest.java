package dev.swarmnet.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ExistingFiles;
import dev.swarmnet.FileQuery;
import dev.swarmnet.ListedFile;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import dev.swarmnet.support.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checksum mode ({@link ExistingFiles#SKIP_SAME_CONTENT}), both ways: a file whose destination has its size and
 * bytes is skipped whatever its mtime, and takes the source's mtime; one whose destination has its size and mtime
 * but other bytes is sent, where the quick check would skip it. A dry run changes nothing, times included.
 */
class ChecksumModeTest {
    private static final long OTHER_TIME = 1_600_000_000_123L;

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path inbox;

    @BeforeEach
    void setUp() {
        fs.write(fs.data(), "same.txt", 1000);
        fs.write(fs.data(), "sub/edited.txt", 2000);
        fs.write(fs.data(), "sub/kept.txt", 3000);
        fs.write(fs.data(), "big.bin", 3 * TreeBuilder.MIB); // large enough for the gateway to keep its checksum
        inbox = fs.inbox();
    }

    @Test
    void aDownloadComparesContentNotTimes() throws Exception {
        FileQuery all = FileQuery.folder("data").recursive(true);
        try (Client client = controller(ExistingFiles.SKIP_SAME_CONTENT).getClient()) {
            assertThat(client.getFilesFromGateway(all).files()).isEqualTo(4);
        }
        Path down = fs.down();
        retime(down.resolve("same.txt"), OTHER_TIME); // same bytes, another time
        retime(down.resolve("big.bin"), OTHER_TIME);
        editKeepingSizeAndTime(down.resolve("sub/edited.txt")); // other bytes, same size and time

        try (Client quick = controller(ExistingFiles.SKIP_UNCHANGED).getClient()) {
            assertThat(quick.filesToGet(all)).extracting(ListedFile::path)
                    .containsExactlyInAnyOrder("same.txt", "big.bin");
        }
        try (Client client = controller(ExistingFiles.SKIP_SAME_CONTENT).getClient()) {
            assertThat(client.filesToGet(all)).extracting(ListedFile::path).containsExactly("sub/edited.txt");
            assertThat(Files.getLastModifiedTime(down.resolve("same.txt")).toMillis()).as("a dry run times nothing")
                    .isEqualTo(OTHER_TIME);

            TransferReport report = client.getFilesFromGateway(all);
            assertThat(report.files()).isEqualTo(1);
            assertThat(report.unchanged()).isEqualTo(3);
            assertThat(report.failures()).isEmpty();
        }
        for (String name : List.of("same.txt", "big.bin", "sub/edited.txt", "sub/kept.txt")) {
            assertSame(fs.data().resolve(name), down.resolve(name));
        }
        try (Client quick = controller(ExistingFiles.SKIP_UNCHANGED).getClient()) {
            assertThat(quick.filesToGet(all)).as("the times were applied").isEmpty();
        }
        retime(down.resolve("big.bin"), OTHER_TIME);
        try (Swarm swarm = controller(ExistingFiles.SKIP_SAME_CONTENT).swarm(2)) {
            TransferReport report = swarm.getFilesFromGateway(all);
            assertThat(report.files()).isZero();
            assertThat(report.unchanged()).isEqualTo(4);
        }
        assertSame(fs.data().resolve("big.bin"), down.resolve("big.bin"));
    }

    @Test
    void anUploadComparesContentNotTimes() throws Exception {
        List<Path> files = List.of(fs.data().resolve("same.txt"), fs.data().resolve("sub/edited.txt"),
                fs.data().resolve("sub/kept.txt"), fs.data().resolve("big.bin"));
        try (Client client = controller(ExistingFiles.SKIP_SAME_CONTENT).getClient()) {
            assertThat(client.sendFilesToGateway("up", files).files()).isEqualTo(4);
        }
        Path up = inbox.resolve("up");
        retime(up.resolve("same.txt"), OTHER_TIME);
        retime(up.resolve("big.bin"), OTHER_TIME);
        editKeepingSizeAndTime(up.resolve("edited.txt"));

        try (Client quick = controller(ExistingFiles.SKIP_UNCHANGED).getClient()) {
            assertThat(quick.filesToSend("up", files)).containsExactly(files.get(0), files.get(3));
        }
        try (Client client = controller(ExistingFiles.SKIP_SAME_CONTENT).getClient()) {
            assertThat(client.filesToSend("up", files)).containsExactly(files.get(1));
            assertThat(Files.getLastModifiedTime(up.resolve("same.txt")).toMillis()).as("a dry run times nothing")
                    .isEqualTo(OTHER_TIME);

            TransferReport report = client.sendFilesToGateway("up", files);
            assertThat(report.files()).isEqualTo(1);
            assertThat(report.unchanged()).isEqualTo(3);
            assertThat(report.failures()).isEmpty();
        }
        assertSame(fs.data().resolve("sub/edited.txt"), up.resolve("edited.txt"));
        assertSame(fs.data().resolve("same.txt"), up.resolve("same.txt"));
        assertSame(fs.data().resolve("big.bin"), up.resolve("big.bin"));
        try (Client quick = controller(ExistingFiles.SKIP_UNCHANGED).getClient()) {
            assertThat(quick.filesToSend("up", files)).as("the times were applied").isEmpty();
        }
    }

    private Controller controller(ExistingFiles existing) {
        return fs.controller(b -> b.existingFiles(existing));
    }

    private static void retime(Path file, long millis) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
    }

    /** Other bytes of the same size, and the time it had: the quick check cannot tell. */
    private static void editKeepingSizeAndTime(Path file) throws IOException {
        FileTime time = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, time);
    }

    /** The same bytes and the same modification time (to the millisecond). */
    private static void assertSame(Path source, Path dest) throws IOException {
        assertThat(Files.readAllBytes(dest)).as(dest.toString()).isEqualTo(Files.readAllBytes(source));
        assertThat(Files.getLastModifiedTime(dest).toMillis()).as(dest.toString())
                .isEqualTo(Files.getLastModifiedTime(source).toMillis());
    }
}
