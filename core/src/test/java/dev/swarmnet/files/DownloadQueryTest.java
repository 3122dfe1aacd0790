package dev.swarmnet.files;

import dev.swarmnet.support.FileTrees;
import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.support.FileTrees.digestsOf;
import static dev.swarmnet.support.FileTrees.mtimeMillis;
import static dev.swarmnet.support.FileTrees.temporaries;
import static dev.swarmnet.support.FileTrees.topLevel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Downloads by folder, regex, recursion and explicit list, over one real connection. */
class DownloadQueryTest {
    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path share;
    private Path logs;
    private Path down;
    private Client client;

    @BeforeEach
    void setUp() throws Exception {
        share = fs.share();
        logs = share.resolve("logs");
        fs.write(logs, "a.log", 3_000);
        fs.write(logs, "b.log", 10_000);
        fs.write(logs, "notes.txt", 500);
        fs.write(logs, "empty.log", 0);
        fs.write(logs, "sub/c.log", 2_000);
        fs.write(logs, "sub/e.txt", 100);
        fs.write(logs, "sub/deeper/d.log", 4_000);
        fs.write(share, "top.txt", 777);
        down = fs.down();
        client = fs.client();
    }

    @Test
    void aFolderWithoutRecursionTakesOnlyItsOwnFilesWithTheirMtimes() throws Exception {
        TransferReport report = client.getFilesFromGateway(FileQuery.folder("logs"));

        SortedMap<String, String> expected = topLevel(digests(logs));
        assertThat(expected).containsOnlyKeys("a.log", "b.log", "notes.txt", "empty.log");
        assertThat(digests(down)).isEqualTo(expected);
        assertThat(Files.exists(down.resolve("sub"))).as("sub-folders are ignored without recursion").isFalse();
        assertReport(report, 4, 3_000 + 10_000 + 500);
        assertMtimesKept(logs, down, expected);
    }

    @Test
    void aRecursiveFolderKeepsItsSubFolders() throws Exception {
        TransferReport report = client.getFilesFromGateway(FileQuery.folder("logs").recursive(true));

        SortedMap<String, String> expected = digests(logs);
        assertThat(expected).hasSize(7);
        assertThat(digests(down)).isEqualTo(expected);
        assertReport(report, 7, 3_000 + 10_000 + 500 + 2_000 + 100 + 4_000);
        assertMtimesKept(logs, down, expected);
    }

    @Test
    void theRegexIsMatchedAgainstThePathRelativeToTheFolder() throws Exception {
        TransferReport ab = client.getFilesFromGateway(FileQuery.folder("logs").regex("[ab]\\.log"));
        assertThat(digests(down)).isEqualTo(digestsOf(logs, "a.log", "b.log"));
        assertReport(ab, 2, 13_000);

        // The folder's own name is not part of what the regex sees.
        TransferReport withFolderName = client.getFilesFromGateway(FileQuery.folder("logs").regex("logs/a\\.log"));
        assertReport(withFolderName, 0, 0);
        assertThat(digests(down)).containsOnlyKeys("a.log", "b.log");
    }

    @Test
    void aRecursiveRegexSeesSubFolderNames() throws Exception {
        TransferReport report = client.getFilesFromGateway(
                FileQuery.folder("logs").regex(".+\\.log").recursive(true));
        assertThat(digests(down)).isEqualTo(
                digestsOf(logs, "a.log", "b.log", "empty.log", "sub/c.log", "sub/deeper/d.log"));
        assertReport(report, 5, 3_000 + 10_000 + 2_000 + 4_000);
    }

    @Test
    void aRecursiveRegexCanSelectOneSubFolderOrOnlyTheTopLevel() throws Exception {
        Path onlySub = fs.path("only-sub");
        Path onlyTop = fs.path("only-top");
        Controller c = fs.controller(b -> b.downloadDir(onlySub));
        Controller c2 = fs.controller(b -> b.downloadDir(onlyTop));
        try (Client a = c.getClient(); Client b = c2.getClient()) {
            assertReport(a.getFilesFromGateway(FileQuery.folder("logs").regex("sub/.*").recursive(true)), 3, 6_100);
            assertReport(b.getFilesFromGateway(FileQuery.folder("logs").regex("[^/]+\\.log").recursive(true)), 3,
                    13_000);
        }
        assertThat(digests(onlySub)).isEqualTo(digestsOf(logs, "sub/c.log", "sub/e.txt", "sub/deeper/d.log"));
        assertThat(digests(onlyTop)).isEqualTo(digestsOf(logs, "a.log", "b.log", "empty.log"));
    }

    @Test
    void aFolderMayBeNamedByTheAbsolutePathOfTheShareOrOfAFolderInsideIt() throws Exception {
        TransferReport shareItself = client.getFilesFromGateway(FileQuery.folder(share.toString()));
        assertThat(digests(down)).isEqualTo(digestsOf(share, "top.txt"));
        assertReport(shareItself, 1, 777);

        TransferReport inside = client.getFilesFromGateway(FileQuery.folder(logs.toString() + "/"));
        SortedMap<String, String> expected = new TreeMap<>(topLevel(digests(logs)));
        expected.put("top.txt", digests(share).get("top.txt"));
        assertThat(digests(down)).isEqualTo(expected);
        assertReport(inside, 4, 13_500);
        assertMtimesKept(logs, down, topLevel(digests(logs)));
    }

    @Test
    void relativeFolderSpellingsThatMeanTheSameFolderWork() throws Exception {
        assertReport(client.getFilesFromGateway(FileQuery.folder("./logs/")), 4, 13_500);
        assertReport(client.getFilesFromGateway(FileQuery.folder("logs/sub").recursive(true)), 3, 6_100);
        SortedMap<String, String> expected = new TreeMap<>(topLevel(digests(logs)));
        expected.putAll(digests(logs.resolve("sub")));
        assertThat(digests(down)).isEqualTo(expected);
    }

    @Test
    void anExplicitListTakesAbsoluteAndShareRelativePathsAndLandsEachAtItsPathInTheShare() throws Exception {
        TransferReport report = client.getFilesFromGateway(FileQuery.files(
                "logs/a.log", logs.resolve("sub/deeper/d.log").toString(), "top.txt", share + "/logs/empty.log"));

        SortedMap<String, String> expected = new TreeMap<>();
        expected.put("logs/a.log", FileTrees.sha256(logs.resolve("a.log")));
        expected.put("logs/sub/deeper/d.log", FileTrees.sha256(logs.resolve("sub/deeper/d.log")));
        expected.put("top.txt", FileTrees.sha256(share.resolve("top.txt")));
        expected.put("logs/empty.log", FileTrees.sha256(logs.resolve("empty.log")));
        assertThat(digests(down)).isEqualTo(expected);
        assertReport(report, 4, 3_000 + 4_000 + 777);
        assertThat(mtimeMillis(down.resolve("logs/sub/deeper/d.log")))
                .isEqualTo(mtimeMillis(logs.resolve("sub/deeper/d.log")));
        assertThat(mtimeMillis(down.resolve("top.txt"))).isEqualTo(mtimeMillis(share.resolve("top.txt")));
    }

    /** Two listed files of the same name in different folders are two files: both arrive, each at its path. */
    @Test
    void anExplicitListWithTwoFilesOfTheSameNameInDifferentFoldersDeliversBoth() throws Exception {
        fs.write(share, "other/a.log", 1_500);
        TransferReport report = client.getFilesFromGateway(FileQuery.files("logs/a.log", share.resolve("other/a.log").toString()));

        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(2);
        assertThat(digests(down)).isEqualTo(new TreeMap<>(java.util.Map.of(
                "logs/a.log", FileTrees.sha256(logs.resolve("a.log")),
                "other/a.log", FileTrees.sha256(share.resolve("other/a.log")))));
    }

    /** The same file named twice (relative, and absolute through the share) lands once, the other reported. */
    @Test
    void theSameFileNamedTwiceIsNotSilentlyCountedTwice() throws Exception {
        TransferReport report = client.getFilesFromGateway(FileQuery.files("logs/a.log", logs.resolve("a.log").toString()));

        assertThat(report.files() + report.failures().size()).as("each file counted once").isEqualTo(2);
        assertThat(digests(down)).as("files on disk vs. the report's count of files transferred: %s", report)
                .hasSize(report.files());
    }

    @Test
    void theDownloadFolderIsCreatedIfMissing() throws Exception {
        Path deep = fs.path("not/yet/there");
        assertThat(Files.exists(fs.path("not"))).isFalse();
        Controller c = fs.controller(b -> b.downloadDir(deep));
        try (Client other = c.getClient()) {
            assertReport(other.getFilesFromGateway(FileQuery.files("top.txt")), 1, 777);
        }
        assertThat(digests(deep)).isEqualTo(digestsOf(share, "top.txt"));
    }

    @Test
    void aDownloadReplacesAnOlderFileOfTheSameName() throws Exception {
        fs.write(down.resolve("logs/a.log"), "stale contents, longer or shorter than the real file".getBytes());
        assertReport(client.getFilesFromGateway(FileQuery.files("logs/a.log")), 1, 3_000);
        assertThat(digests(down)).isEqualTo(digestsOf(share, "logs/a.log"));
        assertThat(mtimeMillis(down.resolve("logs/a.log"))).isEqualTo(mtimeMillis(logs.resolve("a.log")));
    }

    @Test
    void aFolderWhereAFileShouldLandFailsThatFileOnlyAndLeavesNoTemporary() throws Exception {
        Files.createDirectories(down.resolve("a.log"));
        TransferReport report = client.getFilesFromGateway(FileQuery.folder("logs").regex("[ab]\\.log"));
        assertThat(report.files()).isEqualTo(1);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("a.log");
            assertThat(f.reason()).contains("a folder already has this name");
        });
        assertThat(down.resolve("a.log")).isEmptyDirectory();
        assertThat(digests(down)).isEqualTo(digestsOf(logs, "b.log"));
        assertThat(temporaries(fs.root())).as("temporary files").isEmpty();
    }

    private void assertReport(TransferReport report, int files, long bytes) throws Exception {
        assertThat(report.failures()).as("failures").isEmpty();
        assertThat(report.succeeded()).isTrue();
        assertThat(report.files()).as("files").isEqualTo(files);
        assertThat(report.bytes()).as("bytes").isEqualTo(bytes);
        assertThat(report.elapsed().isNegative()).isFalse();
        assertThat(temporaries(fs.root())).as("temporary files").isEmpty();
    }

    private static void assertMtimesKept(Path from, Path to, Map<String, String> files) throws Exception {
        for (String rel : files.keySet()) {
            assertThat(mtimeMillis(to.resolve(rel))).as("mtime of %s", rel).isEqualTo(mtimeMillis(from.resolve(rel)));
        }
    }
}
