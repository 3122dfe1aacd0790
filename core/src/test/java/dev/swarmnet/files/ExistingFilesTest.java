package dev.swarmnet.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ExistingFiles;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import dev.swarmnet.support.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A transfer run again sends only what changed (rsync's quick check: size and modification time), both ways,
 * over one connection and over a swarm; {@link ExistingFiles#SKIP_EXISTING} never replaces a file and
 * {@link ExistingFiles#REPLACE} always sends.
 */
class ExistingFilesTest {
    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path inbox;

    @BeforeEach
    void setUp() {
        for (int i = 0; i < 20; i++) {
            fs.write(fs.data().resolve(i % 2 == 0 ? "sub" : "."), "f" + i + ".txt", 1000 + i);
        }
        fs.write(fs.data(), "big.bin", 3 * TreeBuilder.MIB);
        inbox = fs.inbox();
    }

    @Test
    void aDownloadRunAgainSendsOnlyWhatChanged() throws Exception {
        FileQuery all = FileQuery.folder("data").recursive(true);
        Controller controller = controller(ExistingFiles.SKIP_UNCHANGED);
        try (Client client = controller.getClient()) {
            assertThat(client.getFilesFromGateway(all).files()).isEqualTo(21);
            TransferReport again = client.getFilesFromGateway(all);
            assertThat(again.files()).isZero();
            assertThat(again.unchanged()).isEqualTo(21);
            assertThat(again.failures()).isEmpty();

            // Changed on the gateway (a new mtime), changed here (another size): both sent, the rest not.
            Files.setLastModifiedTime(fs.data().resolve("sub/f0.txt"), FileTime.fromMillis(1_700_000_000_000L));
            Files.write(fs.down().resolve("f1.txt"), new byte[3]);
            assertThat(client.filesToGet(all)).extracting(dev.swarmnet.ListedFile::path)
                    .containsExactlyInAnyOrder("sub/f0.txt", "f1.txt");
            TransferReport third = client.getFilesFromGateway(all);
            assertThat(third.files()).isEqualTo(2);
            assertThat(third.unchanged()).isEqualTo(19);
            assertThat(Files.readAllBytes(fs.down().resolve("f1.txt")))
                    .isEqualTo(Files.readAllBytes(fs.data().resolve("f1.txt")));
            assertThat(Files.getLastModifiedTime(fs.down().resolve("sub/f0.txt")).toMillis())
                    .isEqualTo(1_700_000_000_000L);
        }
        try (Swarm swarm = controller.swarm(3)) {
            swarm.stripeSize(TreeBuilder.MIB);
            Files.delete(fs.down().resolve("big.bin"));
            TransferReport report = swarm.getFilesFromGateway(all);
            assertThat(report.files()).isEqualTo(1);
            assertThat(report.unchanged()).isEqualTo(20);
        }
    }

    @Test
    void skipExistingNeverReplacesAndReplaceAlwaysSends() throws Exception {
        FileQuery all = FileQuery.folder("data").recursive(true);
        try (Client client = controller(ExistingFiles.SKIP_EXISTING).getClient()) {
            client.getFilesFromGateway(all);
            Files.write(fs.down().resolve("f1.txt"), new byte[3]); // a local edit
            TransferReport again = client.getFilesFromGateway(all);
            assertThat(again.files()).isZero();
            assertThat(again.unchanged()).isEqualTo(21);
            assertThat(Files.size(fs.down().resolve("f1.txt"))).as("the local edit kept").isEqualTo(3);
        }
        try (Client client = controller(ExistingFiles.REPLACE).getClient()) {
            TransferReport report = client.getFilesFromGateway(all);
            assertThat(report.files()).isEqualTo(21);
            assertThat(report.unchanged()).isZero();
            assertThat(Files.size(fs.down().resolve("f1.txt"))).isEqualTo(1001);
        }
    }

    @Test
    void anUploadRunAgainSendsOnlyWhatChanged() throws Exception {
        List<Path> files = List.of(fs.data().resolve("f1.txt"), fs.data().resolve("f3.txt"),
                fs.data().resolve("big.bin"));
        Controller controller = controller(ExistingFiles.SKIP_UNCHANGED);
        try (Client client = controller.getClient()) {
            assertThat(client.sendFilesToGateway("up", files).files()).isEqualTo(3);
            TransferReport again = client.sendFilesToGateway("up", files);
            assertThat(again.files()).isZero();
            assertThat(again.unchanged()).isEqualTo(3);

            Files.setLastModifiedTime(fs.data().resolve("f3.txt"), FileTime.fromMillis(1_700_000_000_000L));
            Files.write(inbox.resolve("up/f1.txt"), new byte[5]); // changed on the gateway's side
            assertThat(client.filesToSend("up", files)).containsExactly(files.get(0), files.get(1));
            TransferReport third = client.sendFilesToGateway("up", files);
            assertThat(third.files()).isEqualTo(2);
            assertThat(third.unchanged()).isEqualTo(1);
            assertThat(Files.readAllBytes(inbox.resolve("up/f1.txt")))
                    .isEqualTo(Files.readAllBytes(fs.data().resolve("f1.txt")));
        }
        try (Swarm swarm = controller.swarm(2)) {
            swarm.stripeSize(TreeBuilder.MIB);
            Files.delete(inbox.resolve("up/big.bin"));
            TransferReport report = swarm.sendFilesToGateway("up", files);
            assertThat(report.files()).isEqualTo(1);
            assertThat(report.unchanged()).isEqualTo(2);
            assertThat(Files.readAllBytes(inbox.resolve("up/big.bin")))
                    .isEqualTo(Files.readAllBytes(fs.data().resolve("big.bin")));
        }
        try (Client client = controller(ExistingFiles.SKIP_EXISTING).getClient()) {
            Files.write(inbox.resolve("up/f1.txt"), new byte[5]);
            assertThat(client.sendFilesToGateway("up", files).unchanged()).isEqualTo(3);
            assertThat(Files.size(inbox.resolve("up/f1.txt"))).isEqualTo(5);
        }
        try (Client client = controller(ExistingFiles.REPLACE).getClient()) {
            assertThat(client.sendFilesToGateway("up", files).files()).isEqualTo(3);
        }
    }

    @Test
    void theSettingIsValidated() {
        assertThatThrownBy(() -> Controller.builder().existingFiles(null)).isInstanceOf(NullPointerException.class);
        assertThat(Controller.builder().gateway("127.0.0.1", 1).build().existingFiles())
                .isEqualTo(ExistingFiles.SKIP_UNCHANGED);
    }

    private Controller controller(ExistingFiles existing) {
        return fs.controller(b -> b.existingFiles(existing));
    }
}
