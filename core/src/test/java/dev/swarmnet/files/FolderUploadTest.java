package dev.swarmnet.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import dev.swarmnet.support.UploadMain;
import dev.swarmnet.testkit.SampleTree;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Uploads of whole local trees with {@code sendFolderToGateway}, over real connections into a real folder. */
class FolderUploadTest {
    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path inbox;
    private Path tree;

    @BeforeEach
    void setUp() throws Exception {
        inbox = fs.inbox();
        tree = SampleTree.create(fs.path("local"), "tree");
    }

    @Test
    void aTreeArrivesWithItsPathsFoldersModesAndTimesAndAgainSendsNothing() throws Exception {
        Client client = fs.client();

        TransferReport report = client.sendFolderToGateway("up", FileQuery.folder(tree.toString()).recursive(true));

        assertThat(report.files()).as("%s", report).isEqualTo(SampleTree.FILES.size());
        assertThat(failures(report)).containsOnlyKeys(SampleTree.NOT_UTF8);
        assertThat(skipped(report)).isEqualTo(SampleTree.SKIPPED);
        assertThat(SampleTree.differences(tree, inbox.resolve("up"))).isEmpty();

        TransferReport again = client.sendFolderToGateway("up", FileQuery.folder(tree.toString()).recursive(true));
        assertThat(again.files()).as("%s", again).isZero();
        assertThat(again.unchanged()).isEqualTo(SampleTree.FILES.size());
        assertThat(SampleTree.differences(tree, inbox.resolve("up"))).isEmpty();
    }

    @Test
    void aSwarmDeliversTheSameTree() throws Exception {
        try (Swarm swarm = fs.controller().swarm(2)) {
            TransferReport report = swarm.sendFolderToGateway("a/b", FileQuery.folder(tree.toString()).recursive(true));
            assertThat(report.files()).as("%s", report).isEqualTo(SampleTree.FILES.size());
        }
        assertThat(SampleTree.differences(tree, inbox.resolve("a/b"))).isEmpty();
    }

    @Test
    void withoutPermissionsTheGatewaysDefaultModesApplyAndTimesStillTravel() throws Exception {
        Client client = fs.controller(b -> b.preservePermissions(false)).getClient();
        client.sendFolderToGateway("plain", FileQuery.folder(tree.toString()).recursive(true));
        Path probe = Files.createDirectory(fs.path("probe-default-mode"));
        assertThat(Files.getPosixFilePermissions(inbox.resolve("plain/b/deep")))
                .isEqualTo(Files.getPosixFilePermissions(probe));
        assertThat(Files.getLastModifiedTime(inbox.resolve("plain/b/deep")))
                .isEqualTo(Files.getLastModifiedTime(tree.resolve("b/deep")));
    }

    @Test
    void filtersSelectAsForADownloadAndPlaceNoFolderOfTheirOwn() throws Exception {
        Client client = fs.client();
        TransferReport report = client.sendFolderToGateway("some",
                FileQuery.folder(tree.toString()).recursive(true).include("x").exclude("deep/"));

        assertThat(report.files()).as("%s", report).isEqualTo(2);
        try (var walk = Files.walk(inbox.resolve("some"))) {
            assertThat(walk.map(p -> inbox.resolve("some").relativize(p).toString()))
                    .containsExactlyInAnyOrder("", "a", "a/x", "b", "b/x");
        }
        TransferReport flat = client.sendFolderToGateway("flat", FileQuery.folder(tree.toString()));
        assertThat(flat.files()).isEqualTo(1);
        assertThat(Files.readString(inbox.resolve("flat/top.txt"))).isEqualTo(Files.readString(tree.resolve("top.txt")));
    }

    @Test
    void anUnreadableFileFailsAloneWithTheSystemsReason() throws Exception {
        Files.setPosixFilePermissions(tree.resolve("b/x"), PosixFilePermissions.fromString("---------"));

        // The client side runs where the mode binds, even when the tests run as root (who reads every file).
        UploadMain.Upload report = UploadMain.folder(fs.port(), "up", tree);

        assertThat(report.failures()).containsOnlyKeys("b/x", SampleTree.NOT_UTF8);
        assertThat(report.failures().get("b/x")).contains("Permission denied");
        assertThat(report.files()).isEqualTo(SampleTree.FILES.size() - 1);
        assertThat(report.stillConnected()).isTrue();
        assertThat(Files.readString(inbox.resolve("up/b/deep/x"))).isEqualTo(Files.readString(tree.resolve("b/deep/x")));
    }

    @Test
    void theFolderMustBeALocalFolder() throws Exception {
        Client client = fs.client();
        assertThatThrownBy(() -> client.sendFolderToGateway("up", FileQuery.folder(tree.resolve("top.txt").toString())))
                .isInstanceOf(NotDirectoryException.class);
        assertThatThrownBy(() -> client.sendFolderToGateway("up", FileQuery.files("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FileQuery.folder");
        assertThatThrownBy(() -> client.sendFolderToGateway(null, FileQuery.folder(tree.toString())))
                .isInstanceOf(NullPointerException.class);
    }

    private static Map<String, String> failures(TransferReport report) {
        return report.failures().stream().collect(Collectors.toMap(FileFailure::path, FileFailure::reason));
    }

    private static Map<String, String> skipped(TransferReport report) {
        return report.skipped().stream().collect(Collectors.toMap(SkippedFile::path, SkippedFile::reason));
    }
}
