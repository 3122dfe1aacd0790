package dev.swarmnet.files;

import static dev.swarmnet.support.TreeBuilder.mode;
import static dev.swarmnet.support.TreeBuilder.mtimeNanos;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import dev.swarmnet.support.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Metadata as rsync -a keeps it: permission bits (never setuid), modification times to the nanosecond, empty
 * folders and folder times, for downloads over one connection and over a swarm and for uploads; and nothing
 * left out silently: links and special files come back as skipped, with a reason.
 */
class MetadataTest {
    /** 2020-09-13T12:26:40.123456789Z and on: sub-millisecond digits that a millisecond wire would lose. */
    private static final long BASE_NANOS = 1_600_000_000_123_456_789L;
    private static final Map<String, Integer> FILE_MODES = Map.of(
            "private.txt", 0600, "run.sh", 0755, "group.txt", 0640, "sub/inner.txt", 0604, "setuid", 04755);
    private static final Map<String, Integer> FOLDER_MODES = Map.of(
            "sub", 0750, "empty", 0700, "empty/nested", 0755, "empty/nested/deeper", 0711);

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path tree;
    private Path down;

    /** Files and folders with modes and ns mtimes, links in, out and nowhere, and a FIFO. */
    @BeforeEach
    void makeTree() throws Exception {
        tree = fs.share().resolve("tree");
        down = fs.down();
        long nanos = BASE_NANOS;
        for (String folder : FOLDER_MODES.keySet()) {
            Files.createDirectories(tree.resolve(folder));
        }
        for (String file : FILE_MODES.keySet()) {
            fs.write(tree.resolve(file), TreeBuilder.contents(file, 100 + file.length()));
        }
        Files.createSymbolicLink(tree.resolve("sub/link-in"), Path.of("../private.txt"));
        Files.createSymbolicLink(tree.resolve("link-out"), fs.path("outside.txt"));
        Files.writeString(fs.path("outside.txt"), "not shared");
        Files.createSymbolicLink(tree.resolve("dangling"), Path.of("no-such-file"));
        TreeBuilder.fifo(tree.resolve("fifo"));
        for (Map.Entry<String, Integer> f : new TreeMap<>(FILE_MODES).entrySet()) {
            TreeBuilder.mode(tree.resolve(f.getKey()), f.getValue());
            TreeBuilder.mtimeNanos(tree.resolve(f.getKey()), nanos += 1_000_001_001L);
        }
        // Folders last, deepest first: creating entries changes a folder's mtime.
        for (String folder : new TreeMap<>(FOLDER_MODES).descendingKeySet()) {
            TreeBuilder.mtimeNanos(tree.resolve(folder), nanos += 3_000_000_007L);
            TreeBuilder.mode(tree.resolve(folder), FOLDER_MODES.get(folder));
        }
        // The owner may always set it; without it "never setuid" below would be checked against nothing.
        assertThat(mode(tree.resolve("setuid")) & 04000).as("setuid bit set on the source").isNotZero();
    }

    @Test
    void oneConnectionKeepsModesTimesAndEmptyFoldersAndReportsWhatItSkipped() throws Exception {
        Controller c = fs.controller();
        TransferReport report = c.getClient().getFilesFromGateway(FileQuery.folder("tree").recursive(true));
        assertArrivedAsRsyncWould(report);
    }

    @Test
    void aSwarmKeepsModesTimesAndEmptyFoldersAndReportsWhatItSkipped() throws Exception {
        Controller c = fs.controller();
        TransferReport report;
        try (Swarm swarm = c.swarm(3)) {
            report = swarm.getFilesFromGateway(FileQuery.folder("tree").recursive(true));
        }
        assertArrivedAsRsyncWould(report);
    }

    @Test
    void withoutPermissionsTheReceiversDefaultModesApply() throws Exception {
        Controller c = fs.controller(b -> b.preservePermissions(false));
        TransferReport report;
        try (c) {
            report = c.getClient().getFilesFromGateway(FileQuery.folder("tree").recursive(true));
        }
        assertThat(report.failures()).isEmpty();
        int fileDefault = defaultMode(false);
        int folderDefault = defaultMode(true);
        for (String file : FILE_MODES.keySet()) {
            assertThat(mode(down.resolve(file))).as("mode of %s", file).isEqualTo(fileDefault);
        }
        for (String folder : FOLDER_MODES.keySet()) {
            assertThat(mode(down.resolve(folder))).as("mode of folder %s", folder).isEqualTo(folderDefault);
        }
        assertThat(mtimeNanos(down.resolve("run.sh"))).isEqualTo(mtimeNanos(tree.resolve("run.sh")));
    }

    @Test
    void uploadsKeepModesAndNanosecondTimesWithoutGroupOrOthersWrite() throws Exception {
        Path inbox = fs.inbox();
        Path local = fs.path("local");
        Map<String, Integer> modes = Map.of("secret.txt", 0600, "tool.sh", 0755, "open.txt", 0666, "big.bin", 0750);
        long nanos = BASE_NANOS;
        for (Map.Entry<String, Integer> f : new TreeMap<>(modes).entrySet()) {
            Path file = fs.write(local.resolve(f.getKey()),
                    TreeBuilder.contents(f.getKey(), f.getKey().equals("big.bin") ? 3 * TreeBuilder.MIB : 1000));
            Files.setPosixFilePermissions(file, permissions(f.getValue()));
            TreeBuilder.mtimeNanos(file, nanos += 999_999_999L);
        }
        Controller c = fs.controller();
        Client client = c.getClient();
        assertThat(client.sendFilesToGateway("one", List.of(local.resolve("secret.txt"), local.resolve("tool.sh"),
                local.resolve("open.txt"))).failures()).isEmpty();
        try (Swarm swarm = c.swarm(3)) {
            swarm.stripeSize(TreeBuilder.MIB); // three stripes: the mode comes with the commit
            assertThat(swarm.sendFilesToGateway("striped", List.of(local.resolve("big.bin"))).failures()).isEmpty();
        }
        assertThat(mode(inbox.resolve("one/secret.txt"))).isEqualTo(0600);
        assertThat(mode(inbox.resolve("one/tool.sh"))).isEqualTo(0755);
        assertThat(mode(inbox.resolve("one/open.txt"))).as("group and others write masked").isEqualTo(0644);
        assertThat(mode(inbox.resolve("striped/big.bin"))).isEqualTo(0750);
        for (String name : List.of("one/secret.txt", "one/tool.sh", "one/open.txt", "striped/big.bin")) {
            Path source = local.resolve(Path.of(name).getFileName().toString());
            assertThat(mtimeNanos(inbox.resolve(name))).as("mtime of %s", name).isEqualTo(mtimeNanos(source));
        }
    }

    private void assertArrivedAsRsyncWould(TransferReport report) throws IOException {
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(FILE_MODES.size());
        assertThat(report.skipped()).containsExactlyInAnyOrder(
                new SkippedFile("dangling", "a link"),
                new SkippedFile("fifo", "a special file"),
                new SkippedFile("link-out", "a link"),
                new SkippedFile("sub/link-in", "a link"));
        for (Map.Entry<String, Integer> f : FILE_MODES.entrySet()) {
            Path got = down.resolve(f.getKey());
            assertThat(mode(got)).as("mode of %s (never setuid)", f.getKey()).isEqualTo(f.getValue() & 0777);
            assertThat(mtimeNanos(got)).as("mtime of %s", f.getKey())
                    .isEqualTo(mtimeNanos(tree.resolve(f.getKey())));
        }
        for (Map.Entry<String, Integer> f : FOLDER_MODES.entrySet()) {
            Path got = down.resolve(f.getKey());
            assertThat(got).as("folder %s", f.getKey()).isDirectory();
            assertThat(mode(got)).as("mode of folder %s", f.getKey()).isEqualTo(f.getValue());
            assertThat(mtimeNanos(got)).as("mtime of folder %s", f.getKey())
                    .isEqualTo(mtimeNanos(tree.resolve(f.getKey())));
        }
        assertThat(down.resolve("sub/link-in")).doesNotExist();
        assertThat(down.resolve("link-out")).doesNotExist();
        assertThat(down.resolve("fifo")).doesNotExist();
    }

    /** The mode this process gives a new file or folder (its umask applied). */
    private int defaultMode(boolean folder) throws IOException {
        Path probe = fs.path(folder ? "probe-folder" : "probe-file");
        if (folder) {
            Files.createDirectory(probe);
        } else {
            Files.createFile(probe);
        }
        return mode(probe);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? "rwx".charAt((8 - bit) % 3) : '-');
        }
        return java.nio.file.attribute.PosixFilePermissions.fromString(s.toString());
    }
}
