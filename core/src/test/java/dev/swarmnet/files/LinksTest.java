package dev.swarmnet.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Controller;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.internal.files.LinkTargets;
import dev.swarmnet.support.FileGateway;
import dev.swarmnet.support.FileTrees;
import dev.swarmnet.support.TreeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Links in a downloaded tree, as rsync -a: with {@code links(true)} a link whose target stays inside the folder
 * arrives as a link with the same text (dangling or not, its own mtime kept), anything else is skipped with the
 * reason; without, every link is skipped. Hard links arrive as separate files; a FIFO, a socket and a device are
 * skipped. Nothing
 * is ever followed: the download holds exactly the entries listed below, no copy of what a link leads to.
 */
class LinksTest {
    private static final long LINK_MTIME_MILLIS = 1_500_000_000_456L;

    /** The links that stay inside the tree, by path, with their text. */
    private static final Map<String, String> INSIDE = Map.of(
            "to-file", "a.txt",
            "sub/up-file", "../a.txt",
            "to-folder", "sub",
            "chain", "to-file",
            "dangling", "missing.txt",
            "sub/top", "..");
    /** The links that do not travel, by path, with their text and the reason. */
    private static final Map<String, String[]> REFUSED = Map.of(
            "sub/out", new String[] {"../../etc/passwd", LinkTargets.LEADS_OUT},
            "abs", new String[] {"/etc/passwd", LinkTargets.ABSOLUTE},
            "sneaky", new String[] {"sub/top/../a.txt", LinkTargets.UP_AFTER_NAME},
            "up", new String[] {"..", LinkTargets.LEADS_OUT});
    private static final String[] FILES = {"a.txt", "sub/b.txt", "hard-1", "hard-2"};
    /** A link a download is placing (its temporary name): not listed as a link. */
    private static final String PLACING = ".a.txt.0123456789abcdef" + FileTrees.TEMPORARY_SUFFIX;

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path tree;
    private Path down;
    private boolean hasDevice;

    @BeforeEach
    void setUp() throws Exception {
        tree = fs.share().resolve("tree");
        down = fs.down();
        fs.write(tree.resolve("a.txt"), TreeBuilder.contents("a", 1000));
        fs.write(tree.resolve("sub/b.txt"), TreeBuilder.contents("b", 2000));
        fs.write(tree.resolve("hard-1"), TreeBuilder.contents("hard", 3000));
        Files.createLink(tree.resolve("hard-2"), tree.resolve("hard-1"));
        for (Map.Entry<String, String> link : INSIDE.entrySet()) {
            TreeBuilder.link(tree.resolve(link.getKey()), link.getValue(), LINK_MTIME_MILLIS);
        }
        for (Map.Entry<String, String[]> link : REFUSED.entrySet()) {
            TreeBuilder.link(tree.resolve(link.getKey()), link.getValue()[0], LINK_MTIME_MILLIS);
        }
        TreeBuilder.link(tree.resolve(PLACING), "a.txt", LINK_MTIME_MILLIS);
        TreeBuilder.fifo(tree.resolve("fifo"));
        TreeBuilder.unixSocket(tree.resolve("socket"));
        hasDevice = TreeBuilder.device(tree.resolve("device"));
    }

    @Test
    void withLinksTheLinksInsideArriveAsLinksAndTheOthersAreSkipped() throws Exception {
        TransferReport report = fs.controller().getClient()
                .getFilesFromGateway(FileQuery.folder("tree").recursive(true).links(true));

        assertLinksArrived(report);
    }

    @Test
    void aSwarmMakesTheSameLinks() throws Exception {
        Controller c = fs.controller();
        TransferReport report;
        try (Swarm swarm = c.swarm(3)) {
            report = swarm.getFilesFromGateway(FileQuery.folder("tree").recursive(true).links(true));
        }
        assertLinksArrived(report);
    }

    @Test
    void withoutLinksEveryLinkIsSkippedAndNoneIsMade() throws Exception {
        TransferReport report = fs.controller().getClient()
                .getFilesFromGateway(FileQuery.folder("tree").recursive(true));

        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(FILES.length);
        Map<String, String> expected = new TreeMap<>();
        INSIDE.keySet().forEach(l -> expected.put(l, "a link"));
        REFUSED.keySet().forEach(l -> expected.put(l, "a link"));
        expected.put(PLACING, "a link");
        specialFiles(expected);
        assertThat(skipped(report)).isEqualTo(expected);
        SortedMap<String, String> want = new TreeMap<>(Map.of("sub", "folder"));
        for (String f : FILES) {
            want.put(f, "file " + Files.size(tree.resolve(f)));
        }
        assertThat(entries(down)).isEqualTo(want);
    }

    @Test
    void aRunAgainCountsTheLinksUnchangedAndMakesNothing() throws Exception {
        FileQuery query = FileQuery.folder("tree").recursive(true).links(true);
        Controller c = fs.controller();
        assertThat(c.getClient().getFilesFromGateway(query).failures()).isEmpty();
        Object keyBefore = key(down.resolve("to-file"));

        TransferReport again = c.getClient().getFilesFromGateway(query);

        assertThat(again.failures()).isEmpty();
        assertThat(again.files()).isZero();
        assertThat(again.unchanged()).isEqualTo(FILES.length + INSIDE.size());
        assertThat(key(down.resolve("to-file"))).as("the same link, not made again").isEqualTo(keyBefore);
    }

    @Test
    void aLinkReplacesAFileOrAnotherLinkOfItsNameButNeverAFolder() throws Exception {
        Files.createDirectories(down);
        Files.writeString(down.resolve("to-file"), "a file where the link goes");
        Files.createSymbolicLink(down.resolve("dangling"), Path.of("somewhere-else"));
        Files.createDirectories(down.resolve("chain/kept"));

        TransferReport report = fs.controller().getClient()
                .getFilesFromGateway(FileQuery.folder("tree").recursive(true).links(true));

        assertThat(report.failures()).extracting(FileFailure::path).containsExactly("chain");
        assertThat(report.failures().get(0).reason()).contains("a folder stands where the link goes");
        assertThat(Files.readSymbolicLink(down.resolve("to-file"))).isEqualTo(Path.of("a.txt"));
        assertThat(Files.readSymbolicLink(down.resolve("dangling"))).isEqualTo(Path.of("missing.txt"));
        assertThat(down.resolve("chain/kept")).isDirectory();
        try (Stream<Path> all = Files.walk(down)) {
            assertThat(all.filter(p -> p.getFileName().toString().endsWith(FileTrees.TEMPORARY_SUFFIX)))
                    .as("no temporary left").isEmpty();
        }
    }

    private void assertLinksArrived(TransferReport report) throws IOException {
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).as("files and links made").isEqualTo(FILES.length + INSIDE.size());
        Map<String, String> expected = new TreeMap<>();
        REFUSED.forEach((l, r) -> expected.put(l, r[1]));
        expected.put(PLACING, "a file still being received");
        specialFiles(expected);
        assertThat(skipped(report)).isEqualTo(expected);

        SortedMap<String, String> want = new TreeMap<>(Map.of("sub", "folder"));
        for (String f : FILES) {
            want.put(f, "file " + Files.size(tree.resolve(f)));
        }
        INSIDE.forEach((l, target) -> want.put(l, "link " + target));
        assertThat(entries(down)).as("exactly these entries: nothing followed").isEqualTo(want);
        for (String l : INSIDE.keySet()) {
            assertThat(Files.getLastModifiedTime(down.resolve(l), LinkOption.NOFOLLOW_LINKS).toMillis())
                    .as("mtime of the link %s itself", l).isEqualTo(LINK_MTIME_MILLIS);
        }
        assertThat(Files.readAllBytes(down.resolve("to-folder/b.txt"))).as("the link leads to the folder made here")
                .isEqualTo(Files.readAllBytes(tree.resolve("sub/b.txt")));
        assertThat(key(down.resolve("hard-1"))).as("hard links arrive as separate files")
                .isNotEqualTo(key(down.resolve("hard-2")));
        assertThat(Files.readAllBytes(down.resolve("hard-2"))).isEqualTo(Files.readAllBytes(tree.resolve("hard-1")));
    }

    /** The FIFO, the socket and (where one could be made) the device: never opened, skipped with the reason. */
    private void specialFiles(Map<String, String> expected) {
        expected.put("fifo", "a special file");
        expected.put("socket", "a special file");
        if (hasDevice) {
            expected.put("device", "a special file");
        }
    }

    private static Map<String, String> skipped(TransferReport report) {
        Map<String, String> byPath = new TreeMap<>();
        for (SkippedFile s : report.skipped()) {
            assertThat(byPath.put(s.path(), s.reason())).as("skipped once: %s", s.path()).isNull();
        }
        return byPath;
    }

    /** Every entry under {@code root}, never following a link: "folder", "file SIZE" or "link TARGET". */
    private static SortedMap<String, String> entries(Path root) throws IOException {
        SortedMap<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString();
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                all.put(rel, a.isSymbolicLink() ? "link " + Files.readSymbolicLink(p)
                        : a.isDirectory() ? "folder" : "file " + a.size());
            }
        }
        return all;
    }

    private static Object key(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
