package dev.swarmnet.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where uploads may land: only under the download dir's real path, with nothing created anywhere else. */
class UploadTargetTest {
    @TempDir
    Path tempDir;

    private Path base;
    private Path downloads;
    private Path outside;
    private Set<String> baseBefore;
    private Set<String> outsideBefore;

    @BeforeEach
    void setUp() throws IOException {
        base = tempDir.toRealPath();
        downloads = Files.createDirectories(base.resolve("downloads"));
        outside = Files.createDirectories(base.resolve("outside"));
        SandboxFixture.write(outside.resolve("existing/keep.txt"), "keep");
        Files.createSymbolicLink(downloads.resolve("out"), outside);
        Files.createSymbolicLink(downloads.resolve("out-existing"), outside.resolve("existing"));
        Files.createSymbolicLink(downloads.resolve("dangling"), outside.resolve("not-yet"));
        baseBefore = SandboxFixture.tree(base);
        outsideBefore = SandboxFixture.tree(outside);
    }

    @ParameterizedTest(name = "dirname=[{0}] name=[{1}]")
    @CsvSource(nullValues = "NULL", emptyValue = "", value = {
        "../escape, f.txt", "'..', f.txt", "../../etc, passwd", "a/../../x, f.txt", "a/.., f.txt", "/tmp/x, f.txt",
        "/, f.txt", "'.', f.txt", "./a, f.txt", "a/./b, f.txt", "a//b, f.txt", "a/, f.txt", "C:, f.txt",
        "'C:\\Windows', f.txt", "C:/x, f.txt", "..\\escape, f.txt", "a\\..\\b, f.txt", "NULL, f.txt",
        "'', ../f.txt", "'', ../../outside/f.txt", "'', a/../../f.txt", "'', /etc/passwd", "'', .",
        "'', ''", "'', NULL", "'', a//f.txt", "'', ./f.txt", "'', f.txt/", "'', ..\\f.txt", "'', C:f.txt",
        "sub, ../f.txt", "'', out/f.txt", "out, f.txt", "out/new/deeper, f.txt", "out-existing, f.txt",
        "out-existing/new, f.txt", "dangling, f.txt", "dangling/x, f.txt", "'', dangling/f.txt",
        "'', out", "'', dangling", "'', .f.txt.0123456789abcdef.swarmnet-part"})
    void refusedUploadsCreateNothingOutside(String dirname, String name) {
        assertThatThrownBy(() -> UploadLookup.resolve(downloads, dirname, name))
                .isInstanceOf(ForbiddenPathException.class);
        assertThat(SandboxFixture.tree(outside)).isEqualTo(outsideBefore);
        assertThat(Files.exists(outside.resolve("not-yet"))).isFalse();
        assertThat(SandboxFixture.tree(base)).isSubsetOf(treeWithDownloads());
    }

    @Test
    void refusesAbsoluteDirnamesOfRealFolders() {
        for (Path folder : new Path[] {outside, downloads, base, downloads.resolve("sub")}) {
            assertThatThrownBy(() -> UploadLookup.resolve(downloads, folder.toString(), "f.txt"))
                    .isInstanceOf(ForbiddenPathException.class);
        }
        assertThat(SandboxFixture.tree(outside)).isEqualTo(outsideBefore);
        assertThat(SandboxFixture.tree(base)).isEqualTo(baseBefore);
    }

    @Test
    void refusesNulAndControlCharacters() {
        for (String bad : new String[] {"f\u0000.txt", "f.txt\u0000/../x", "f\n.txt", "f\u001b[31m.txt"}) {
            assertThatThrownBy(() -> UploadLookup.resolve(downloads, "", bad))
                    .isInstanceOf(ForbiddenPathException.class)
                    .hasMessageNotContaining("\u0000");
            assertThatThrownBy(() -> UploadLookup.resolve(downloads, bad, "f.txt"))
                    .isInstanceOf(ForbiddenPathException.class);
        }
        assertThat(SandboxFixture.tree(base)).isEqualTo(baseBefore);
    }

    @Test
    void refusesOverlongNames() {
        String name255 = "n".repeat(255);
        String name256 = "n".repeat(256);
        String wide = "é".repeat(128); // 256 bytes in UTF-8 though only 128 characters
        assertThatThrownBy(() -> UploadLookup.resolve(downloads, "", name256))
                .isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> UploadLookup.resolve(downloads, "", wide))
                .isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> UploadLookup.resolve(downloads, name256, "f.txt"))
                .isInstanceOf(ForbiddenPathException.class);
        String deep = (name255 + "/").repeat(8); // 2048 bytes
        assertThatThrownBy(() -> UploadLookup.resolve(downloads, deep + deep.substring(0, deep.length() - 1),
                "f.txt")).isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> UploadLookup.resolve(downloads, deep.substring(0, deep.length() - 1),
                deep + "f.txt")).isInstanceOf(ForbiddenPathException.class);
        assertThat(SandboxFixture.tree(base)).isEqualTo(baseBefore);
    }

    @Test
    void refusalsNameOnlyWhatTheClientSent() {
        assertThatThrownBy(() -> UploadLookup.resolve(downloads, "out/new", "f.txt"))
                .isInstanceOf(ForbiddenPathException.class)
                .hasMessageContaining("out/new/f.txt")
                .hasMessageNotContaining(base.toString());
    }

    @Test
    void emptyDirnameIsTheDownloadDirItself() throws IOException {
        assertThat(UploadLookup.resolve(downloads, "", "f.txt")).isEqualTo(downloads.resolve("f.txt"));
        assertThat(Files.exists(downloads.resolve("f.txt"))).isFalse();
    }

    @Test
    void subFoldersAreCreatedInsideAndTheFileIsNot() throws IOException {
        Path target = UploadLookup.resolve(downloads, "backup/2024", "logs/app/x.log");
        assertThat(target).isEqualTo(downloads.resolve("backup/2024/logs/app/x.log"));
        assertThat(target.getParent()).isDirectory();
        assertThat(target.getParent().toRealPath().startsWith(downloads)).isTrue();
        assertThat(Files.exists(target)).isFalse();
        assertThat(UploadLookup.resolve(downloads, "backup/2024", "logs/app/y.log").getParent())
                .isEqualTo(target.getParent());
        assertThat(SandboxFixture.tree(outside)).isEqualTo(outsideBefore);
    }

    @Test
    void anExistingFileMayBeReplaced() throws IOException {
        SandboxFixture.write(downloads.resolve("d/f.txt"), "old");
        assertThat(UploadLookup.resolve(downloads, "d", "f.txt")).isEqualTo(downloads.resolve("d/f.txt"));
    }

    @Test
    void aFolderOnTheWayThatIsALinkIsRefusedEvenOneThatStaysInside() throws IOException {
        Path real = Files.createDirectories(downloads.resolve("real"));
        Files.createSymbolicLink(downloads.resolve("alias"), real);
        assertThatThrownBy(() -> UploadLookup.resolve(downloads, "alias", "f.txt"))
                .isInstanceOf(ForbiddenPathException.class).hasMessageContaining("link");
        assertThat(UploadLookup.resolve(downloads, "real", "f.txt")).isEqualTo(real.resolve("f.txt"));
    }

    @Test
    void aFileInTheWayOrAFolderWithTheNameIsAConflict() throws IOException {
        SandboxFixture.write(downloads.resolve("file"), "x");
        Files.createDirectories(downloads.resolve("folder"));
        assertThatThrownBy(() -> UploadLookup.resolve(downloads, "file", "f.txt"))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageNotContaining(base.toString());
        assertThatThrownBy(() -> UploadLookup.resolve(downloads, "", "folder"))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void targetFoldersOpenEachFolderOnceAndStillRefuseWaysOut() throws IOException {
        try (TargetFolders folders = TargetFolders.open(downloads)) {
            TargetFolders.Target first = folders.target("", "logs/app/x.log");
            assertThat(first.path()).isEqualTo(downloads.resolve("logs/app/x.log"));
            assertThat(first.path().getParent()).isDirectory();
            try (TargetFolders.Target second = folders.target("", "logs/app/y.log")) {
                assertThat(second.folder()).isSameAs(first.folder());
            }
            first.close();
            assertThat(Files.exists(first.path())).isFalse();
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> folders.target("", "out/new/f.txt"))
                        .isInstanceOf(ForbiddenPathException.class);
                assertThatThrownBy(() -> folders.target("", "../f.txt")).isInstanceOf(ForbiddenPathException.class);
            }
            assertThat(folders.existing("", "missing/f.txt", TargetFolders.TEMPORARY_EXTRA_BYTES)).isNull();
            assertThat(Files.exists(downloads.resolve("missing"))).isFalse();
        }
        assertThat(SandboxFixture.tree(outside)).isEqualTo(outsideBefore);
    }

    @Test
    void aFolderOpenAlreadyStillHasEveryNameInItChecked() throws IOException {
        try (TargetFolders folders = TargetFolders.open(downloads)) {
            folders.target("d", "first.txt").close(); // "d" is open now: only the names in it are checked
            for (String name : new String[] {"a\\b", "..", ".", "", "f\u0001", "C:x", "n".repeat(256),
                    ".f.txt.0123456789abcdef.swarmnet-part", "x/../../y", "/etc/passwd"}) {
                assertThatThrownBy(() -> folders.target("d", name)).as(name).isInstanceOf(ForbiddenPathException.class);
                assertThatThrownBy(() -> folders.target("", "d/" + name)).as("d/" + name)
                        .isInstanceOf(ForbiddenPathException.class);
            }
            try (TargetFolders.Target ok = folders.target("", "d/second.txt")) {
                assertThat(ok.path()).isEqualTo(downloads.resolve("d/second.txt"));
            }
        }
        assertThat(SandboxFixture.tree(base)).isSubsetOf(treeWithDownloads());
    }

    @Test
    void aMissingDownloadDirIsCreated() throws IOException {
        Path fresh = base.resolve("fresh/downloads");
        assertThat(UploadLookup.resolve(fresh, "", "f.txt")).isEqualTo(fresh.resolve("f.txt"));
        assertThat(fresh).isDirectory();
    }

    @Test
    void aDownloadDirReachedThroughALinkWorks() throws IOException {
        Path link = Files.createSymbolicLink(base.resolve("dl-link"), downloads);
        assertThat(UploadLookup.resolve(link, "sub", "f.txt")).isEqualTo(downloads.resolve("sub/f.txt"));
    }

    @Test
    void validatesArguments() {
        assertThatThrownBy(() -> UploadLookup.resolve(null, "", "f.txt")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> UploadTarget.temporaryName(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> UploadTarget.isTemporary(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void temporariesAreHiddenUniqueAndBesideTheTarget() throws IOException {
        Path target = UploadLookup.resolve(downloads, "d", "f.txt");
        Set<Path> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Path temp = target.resolveSibling(UploadTarget.temporaryName("f.txt"));
            assertThat(temp.getParent()).isEqualTo(target.getParent());
            assertThat(temp.getFileName().toString()).startsWith(".f.txt.").endsWith(".swarmnet-part");
            assertThat(UploadTarget.isTemporary(temp)).isTrue();
            assertThat(seen.add(temp)).isTrue();
        }
        assertThat(UploadTarget.isTemporary(target)).isFalse();
        assertThat(UploadTarget.isTemporary(Path.of(".hidden"))).isFalse();
        assertThat(UploadTarget.isTemporary(Path.of("/"))).isFalse();
    }

    @Test
    void temporaryOfALongNameStillFitsTheNameLimit() throws IOException {
        Path target = UploadLookup.resolve(downloads, "", "é".repeat(127));
        Path temp = target.resolveSibling(UploadTarget.temporaryName("é".repeat(127)));
        assertThat(temp.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        Files.createFile(temp);
        assertThat(UploadTarget.isTemporary(temp)).isTrue();
    }

    /** The download dir may gain folders; nothing else under base may appear. */
    private Set<String> treeWithDownloads() {
        Set<String> allowed = new HashSet<>(baseBefore);
        allowed.addAll(SandboxFixture.tree(downloads).stream().map(p -> p.isEmpty() ? "downloads" : "downloads/" + p)
                .toList());
        return allowed;
    }
}
