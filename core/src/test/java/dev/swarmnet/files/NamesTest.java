package dev.swarmnet.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import dev.swarmnet.support.TreeBuilder;
import dev.swarmnet.support.UploadMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Names move exactly or fail with the true reason, alone: names that are not ASCII arrive byte for byte; a name
 * that is not valid UTF-8 (made by bash: Java cannot write its bytes) fails by itself both ways, never delivered
 * under a changed name; a local file that cannot be read, and a download folder that cannot be written, fail
 * their files, not the connection.
 */
@EnabledOnOs(OS.LINUX)
class NamesTest {
    private static final List<String> NAMES = List.of("café-é.txt", "日本.txt", "emoji-\uD83D\uDE00.txt");

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    @BeforeEach
    void setUp() throws Exception {
        for (String name : NAMES) {
            fs.write(fs.data(), name, 1000);
        }
        TreeBuilder.oddName(fs.data(), "bad\\xffname.txt", "bad");
    }

    @Test
    void aWalkSendsNamesThatAreNotAsciiExactlyAndFailsOneThatIsNotUtf8Alone() throws Exception {
        for (int connections : new int[] {1, 3}) {
            Path down = fs.path("down-" + connections);
            TransferReport report;
            if (connections == 1) {
                try (Client client = fs.controller(b -> b.downloadDir(down)).getClient()) {
                    report = client.getFilesFromGateway(FileQuery.folder("data"));
                }
            } else {
                try (Swarm swarm = fs.controller(b -> b.downloadDir(down)).swarm(connections)) {
                    report = swarm.getFilesFromGateway(FileQuery.folder("data"));
                }
            }
            assertThat(report.files()).as("%s", report).isEqualTo(NAMES.size());
            assertThat(report.failures()).hasSize(1);
            FileFailure failure = report.failures().get(0);
            assertThat(failure.path()).contains("bad\\xffname.txt").doesNotContain("\uFFFD");
            assertThat(failure.reason()).contains("the name is not valid UTF-8");
            assertThat(names(down)).containsExactlyInAnyOrderElementsOf(NAMES);
            for (String name : NAMES) {
                assertThat(down.resolve(name)).hasSameBinaryContentAs(fs.data().resolve(name));
            }
        }
    }

    @Test
    void anUploadOfALocalNameThatIsNotUtf8FailsAlone() throws Exception {
        Path local = Files.createDirectories(fs.path("local"));
        Path fine = Files.writeString(local.resolve("fine.txt"), "fine");
        TreeBuilder.oddName(local, "bad\\xffname.txt", "bad");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(local)) {
            listing.forEach(files::add); // the paths as the folder holds them: their bytes, not their strings
        }
        try (Client client = fs.client()) {
            TransferReport report = client.sendFilesToGateway("in", files);
            assertThat(report.files()).as("%s", report).isEqualTo(1);
            assertThat(report.failures()).singleElement().satisfies(f -> {
                assertThat(f.path()).isEqualTo("bad\\xffname.txt"); // by its name, as other upload failures
                assertThat(f.reason()).contains("the name is not valid UTF-8");
            });
        }
        assertThat(names(fs.inbox().resolve("in"))).containsExactly(fine.getFileName().toString());
    }

    @Test
    void anUnreadableLocalFileFailsAloneWithTheSystemsReason() throws Exception {
        Path local = Files.createDirectories(fs.path("local"));
        Path before = Files.writeString(local.resolve("a.txt"), "a");
        Path locked = Files.writeString(local.resolve("b.txt"), "b");
        Path after = Files.writeString(local.resolve("c.txt"), "c");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

        // The client side runs where the mode binds, even when the tests run as root (who reads every file).
        UploadMain.Upload report = UploadMain.files(fs.port(), "in", List.of(before, locked, after));

        assertThat(report.files()).as("%s", report).isEqualTo(2);
        assertThat(report.failures()).hasSize(1);
        assertThat(report.failures().values().iterator().next()).contains("cannot read the local file")
                .containsIgnoringCase("permission");
        assertThat(report.stillConnected()).isTrue();
        assertThat(names(fs.inbox().resolve("in"))).containsExactlyInAnyOrder("a.txt", "c.txt");
    }

    @Test
    void aDownloadFolderThatCannotBeMadeAnswersEachUploadAndKeepsTheConnection() throws Exception {
        Path blocker = Files.writeString(fs.path("blocker"), "a file where a folder would be");
        Gateway blocked = fs.gateway(b -> b.downloadDir(blocker.resolve("inbox")));
        Path local = Files.createDirectories(fs.path("local"));
        List<Path> files = List.of(Files.writeString(local.resolve("one.txt"), "1"),
                Files.writeString(local.resolve("two.txt"), "2"));
        try (Client client = fs.controller(blocked, b -> { }).getClient()) {
            TransferReport report = client.sendFilesToGateway("", files);
            assertThat(report.files()).isZero();
            assertThat(report.failures()).hasSize(2).allSatisfy(f -> assertThat(f.reason())
                    .contains("cannot write into its download folder: it cannot be created: a file stands on its path")
                    .doesNotContain(fs.root().toString()).doesNotContain("swarmnet-part")); // no path of the gateway's host
            assertThat(client.ping("still here")).isNotNull();
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
