package dev.swarmnet.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.internal.files.FileSelector.SelectedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files a folder query selects: regular files inside, links judged by where they lead, no temporaries. */
class FileSelectorTest {
    @TempDir
    Path tempDir;

    private Path folder;
    private Path outside;

    /**
     * folder/a.log, b.txt, sub/c.log, sub/deep/d.log, a temporary, linked.log -> sub/c.log (inside),
     * leak.log -> outside/secret.log, sub-link -> sub, out-link -> outside, broken.log -> missing.
     */
    @BeforeEach
    void setUp() throws IOException {
        Path base = tempDir.toRealPath();
        folder = Files.createDirectories(base.resolve("folder"));
        outside = Files.createDirectories(base.resolve("outside"));
        SandboxFixture.write(folder.resolve("a.log"), "aaaa");
        SandboxFixture.write(folder.resolve("b.txt"), "bb");
        SandboxFixture.write(folder.resolve("sub/c.log"), "ccc");
        SandboxFixture.write(folder.resolve("sub/deep/d.log"), "d");
        SandboxFixture.write(folder.resolve(".e.log.0123456789abcdef.swarmnet-part"), "partial");
        SandboxFixture.write(outside.resolve("secret.log"), "secret");
        SandboxFixture.write(outside.resolve("other.log"), "other");
        Files.createSymbolicLink(folder.resolve("linked.log"), folder.resolve("sub/c.log"));
        Files.createSymbolicLink(folder.resolve("leak.log"), outside.resolve("secret.log"));
        Files.createSymbolicLink(folder.resolve("sub-link"), folder.resolve("sub"));
        Files.createSymbolicLink(folder.resolve("out-link"), outside);
        Files.createSymbolicLink(folder.resolve("broken.log"), folder.resolve("missing.log"));
    }

    @Test
    void recursiveSelectionWithRegexOnTheRelativePath() throws IOException {
        List<SelectedFile> files = FileSelector.select(folder, Pattern.compile(".+\\.log"), true, 100);
        assertThat(names(files)).containsExactly("a.log", "sub/c.log", "sub/deep/d.log");
        assertThat(names(FileSelector.select(folder, Pattern.compile("sub/.*"), true, 100)))
                .containsExactly("sub/c.log", "sub/deep/d.log");
        // The whole relative path must match, not just a part of it.
        assertThat(names(FileSelector.select(folder, Pattern.compile("c\\.log"), true, 100))).isEmpty();
    }

    @Test
    void nonRecursiveSelectionIgnoresSubFolders() throws IOException {
        assertThat(names(FileSelector.select(folder, null, false, 100)))
                .containsExactly("a.log", "b.txt");
    }

    @Test
    void noLinkIsFollowedNotEvenOneThatStaysInside() throws IOException {
        List<SelectedFile> files = FileSelector.select(folder, null, true, 100);
        assertThat(names(files)).containsExactly("a.log", "b.txt", "sub/c.log", "sub/deep/d.log");
        assertThat(files).allSatisfy(f -> assertThat(f.file().path().startsWith(folder)).isTrue());
        assertThat(files).allSatisfy(f -> assertThat(Files.isSymbolicLink(f.file().path())).isFalse());
    }

    @Test
    void temporariesAreSkipped() throws IOException {
        assertThat(FileSelector.select(folder, null, true, 100))
                .noneMatch(f -> f.relativePath().contains("swarmnet-part"));
    }

    @Test
    void sizeAndModificationTimeAreReported() throws IOException {
        FileTime mtime = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(folder.resolve("a.log"), mtime);
        SelectedFile a = FileSelector.select(folder, Pattern.compile("a\\.log"), false, 1).get(0);
        assertThat(a.file().path()).isEqualTo(folder.resolve("a.log"));
        assertThat(a.relativePath()).isEqualTo("a.log");
        assertThat(a.size()).isEqualTo(4);
        assertThat(a.mtimeNanos()).isEqualTo(1_600_000_000_000_000_000L);
    }

    @Test
    void resultIsSortedByRelativePath() throws IOException {
        // "m.txt" before "m/1.txt" ('.' < '/'), though the folder "m" sorts before the file "m.txt" by name.
        for (String name : List.of("z.txt", "m/1.txt", "A.txt", "m.txt", "m-x/2.txt")) {
            SandboxFixture.write(folder.resolve(name), name);
        }
        List<String> names = names(FileSelector.select(folder, null, true, 100));
        assertThat(names).isSorted().contains("m.txt", "m/1.txt", "m-x/2.txt");
    }

    @Test
    void theWalkHandsOutPartsUntilItIsOverAndClosesWhatItOpened() throws IOException {
        try (FileSelector walk = new FileSelector(Folder.open(folder), 0, folder, "", null, true, QueryBudget.forFiles(100),
                AttributeReader.SERIAL)) {
            assertThat(names(walk.next(1))).containsExactly("a.log");
            assertThat(names(walk.next(2))).containsExactly("b.txt", "sub/c.log");
            List<SelectedFile> last = walk.next(10);
            assertThat(names(last)).containsExactly("sub/deep/d.log");
            assertThat(last.get(0).file().folder()).isEqualTo("sub/deep");
            assertThat(last.get(0).file().name()).isEqualTo("d.log");
            assertThat(walk.next(10)).isEmpty();
        }
    }

    @Test
    void maxFilesIsEnforced() throws IOException {
        assertThat(FileSelector.select(folder, null, true, 4)).hasSize(4);
        assertThatThrownBy(() -> FileSelector.select(folder, null, true, 3))
                .isInstanceOf(TooManyFilesException.class)
                .hasMessageContaining("more than 3 files")
                .hasMessageNotContaining(folder.toString());
        // Only matches count: the regex narrows the query under the limit.
        assertThat(FileSelector.select(folder, Pattern.compile("sub/deep/.*"), true, 1)).hasSize(1);
    }

    @Test
    void aBacktrackingRegexIsStoppedNotRunForever() throws IOException {
        // Unbounded, this pattern takes seconds on 29 characters and doubles with each one more (Java 17).
        SandboxFixture.write(folder.resolve("a".repeat(40)), "x");
        assertThatThrownBy(() -> FileSelector.select(folder, Pattern.compile("(.*a){12}b"), false, 100))
                .isInstanceOf(RegexTooComplexException.class)
                .hasMessageContaining("(.*a){12}b");
    }

    @Test
    void validatesArguments() throws IOException {
        assertThatThrownBy(() -> FileSelector.select(null, null, true, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> FileSelector.select(folder, null, true, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileSelector.select(folder.resolve("a.log"), null, true, 1))
                .isInstanceOf(NotDirectoryException.class);
        BasicFileAttributes attrs = Files.readAttributes(folder, BasicFileAttributes.class);
        assertThatThrownBy(() -> new SelectedFile("", new SharedFile(0, folder, "", "a.log", attrs)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedFile(0, folder, null, "a.log", attrs))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void worksOnAFolderOpenedByAShareReader() throws IOException {
        Shares shares = new Shares(List.of(folder));
        try (ShareReader reader = new ShareReader(shares); ShareReader.OpenedFolder sub = reader.folder("sub");
                FileSelector walk = new FileSelector(sub.folder().duplicate(), sub.share(), sub.sharePath(),
                        sub.path(), null, true, QueryBudget.forFiles(10), AttributeReader.SERIAL)) {
            List<SelectedFile> files = walk.next(10);
            assertThat(names(files)).containsExactly("c.log", "deep/d.log");
            assertThat(files.get(1).file().path()).isEqualTo(folder.resolve("sub/deep/d.log"));
            assertThatThrownBy(() -> reader.folder("out-link")).isInstanceOf(ForbiddenPathException.class);
        }
    }

    private static List<String> names(List<SelectedFile> files) {
        return files.stream().map(SelectedFile::relativePath).toList();
    }
}
