package dev.swarmnet.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resolving client paths against shared folders, one name at a time through folder handles: every way out is
 * refused, every way in works, and no link is followed. {@link SharesOnPathsTest} runs the same on the
 * path-based fallback.
 */
class SharesTest {
    @TempDir
    Path tempDir;

    SandboxFixture fx;
    private Shares shares;

    @BeforeEach
    void setUp() throws IOException {
        fx = new SandboxFixture(tempDir);
        shares = new Shares(List.of(fx.share));
    }

    /** Whether folders are opened as handles (the platform's way) or by path (the fallback). */
    boolean handles() {
        return true;
    }

    /** The real path of the folder a request names, looked up by a connection's reader. */
    Path folder(Shares in, String requested) throws IOException {
        try (ShareReader reader = new ShareReader(in, handles());
                ShareReader.OpenedFolder f = reader.folder(requested)) {
            return f.path().isEmpty() ? f.sharePath() : f.sharePath().resolve(f.path());
        }
    }

    /** The real path of the file a request names. */
    Path file(Shares in, String requested) throws IOException {
        try (ShareReader reader = new ShareReader(in, handles())) {
            return reader.file(requested).path();
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"..", "../..", "../outside", "../outside/secret.txt", "a/../../x", "logs/../../outside",
            "logs/..", "./..", "/etc", "/etc/passwd", "/", "..\\", "..\\outside", "a\\..\\b", "logs\\app",
            "C:\\Windows", "C:/x", "c:", "C:", "logs/C:/x", "logs\u0000", "\u0000", "out", "out/", "out/secret.txt",
            "out/missing", "out/missing/deeper", "secret.txt", "inner/../../outside"})
    void refusesEveryWayOut(String requested) {
        assertThatThrownBy(() -> folder(shares, requested)).isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> file(shares, requested)).isInstanceOf(ForbiddenPathException.class);
    }

    @Test
    void refusesAbsolutePathsOutsideEvenWithTheShareAsStringPrefix() {
        for (Path outside : List.of(fx.shareEvil, fx.shareEvil.resolve("evil.txt"), fx.outside,
                fx.outside.resolve("secret.txt"), fx.base)) {
            String requested = outside.toString();
            assertThatThrownBy(() -> folder(shares, requested)).isInstanceOf(ForbiddenPathException.class);
            assertThatThrownBy(() -> file(shares, requested)).isInstanceOf(ForbiddenPathException.class);
        }
    }

    @Test
    void refusesAbsolutePathsThatClimbOutOfTheShare() {
        for (String tail : List.of("/..", "/../outside", "/../outside/secret.txt", "/logs/../../share-evil")) {
            String requested = fx.share + tail;
            assertThatThrownBy(() -> folder(shares, requested)).isInstanceOf(ForbiddenPathException.class);
            assertThatThrownBy(() -> file(shares, requested)).isInstanceOf(ForbiddenPathException.class);
        }
    }

    @Test
    void refusesLinksThatLeadOutWhenNamedByAbsolutePath() {
        assertThatThrownBy(() -> folder(shares, fx.share + "/out"))
                .isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> file(shares, fx.share + "/out/secret.txt"))
                .isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> file(shares, fx.share + "/secret.txt"))
                .isInstanceOf(ForbiddenPathException.class);
    }

    @Test
    void linkThatLeadsOutIsRefusedWhetherOrNotItsTargetExists() {
        // Same answer for an existing and a missing target: the client cannot probe the gateway's disk.
        assertThatThrownBy(() -> file(shares, "out/secret.txt")).isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> file(shares, "out/no-such")).isInstanceOf(ForbiddenPathException.class);
    }

    @Test
    void refusalsDoNotRevealTheGatewaysPaths() {
        for (String requested : List.of("out/secret.txt", "secret.txt", "../outside", "a\\..\\b")) {
            assertThatThrownBy(() -> file(shares, requested))
                    .isInstanceOf(ForbiddenPathException.class)
                    .hasMessageContaining(requested)
                    .hasMessageNotContaining(fx.base.toString());
        }
        assertThatThrownBy(() -> file(shares, "missing.txt"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.txt")
                .hasMessageNotContaining(fx.base.toString());
    }

    @Test
    void nulIsEscapedInTheMessage() {
        assertThatThrownBy(() -> file(shares, "a\u0000b"))
                .isInstanceOf(ForbiddenPathException.class)
                .hasMessageContaining("a\\u0000b")
                .hasMessageNotContaining("\u0000");
    }

    @Test
    void aShareByItsAbsolutePath() throws IOException {
        assertThat(folder(shares, fx.share.toString())).isEqualTo(fx.share);
        assertThat(folder(shares, fx.share + "/")).isEqualTo(fx.share);
    }

    @Test
    void aFolderInsideAShareByAbsoluteAndRelativePath() throws IOException {
        Path app = fx.share.resolve("logs/app");
        assertThat(folder(shares, app.toString())).isEqualTo(app);
        assertThat(folder(shares, "logs")).isEqualTo(fx.share.resolve("logs"));
        assertThat(folder(shares, "logs/app")).isEqualTo(app);
        assertThat(folder(shares, "./logs//app/")).isEqualTo(app);
        assertThat(folder(shares, ".")).isEqualTo(fx.share);
    }

    @Test
    void aFileByRelativeAndAbsolutePath() throws IOException {
        Path log = fx.share.resolve("logs/app/x.log");
        assertThat(file(shares, "logs/app/x.log")).isEqualTo(log);
        assertThat(file(shares, log.toString())).isEqualTo(log);
        assertThat(file(shares, "a.txt")).isEqualTo(fx.share.resolve("a.txt"));
    }

    @Test
    void noLinkIsFollowedNotEvenOneThatStaysInside() {
        for (String requested : List.of("inner", "inner/app", "inner/app/x.log", "dangling", "secret.txt")) {
            assertThatThrownBy(() -> folder(shares, requested)).as(requested)
                    .isInstanceOf(ForbiddenPathException.class).hasMessageContaining("link");
            assertThatThrownBy(() -> file(shares, requested)).as(requested)
                    .isInstanceOf(ForbiddenPathException.class).hasMessageContaining("link");
        }
    }

    @Test
    void missingOrWrongKindIsNoSuchFile() {
        for (String requested : List.of("missing", "logs/missing", "a.txt/x", fx.share + "/missing")) {
            assertThatThrownBy(() -> folder(shares, requested)).isInstanceOf(NoSuchFileException.class);
        }
        assertThatThrownBy(() -> folder(shares, "a.txt")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> file(shares, "logs")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> file(shares, fx.share.toString())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void relativeRequestsTryEachShareInOrder() throws IOException {
        Path second = Files.createDirectories(fx.base.resolve("second"));
        SandboxFixture.write(second.resolve("only-here.txt"), "2");
        SandboxFixture.write(second.resolve("a.txt"), "second a");
        Shares two = new Shares(List.of(fx.share, second));
        assertThat(file(two, "a.txt")).isEqualTo(fx.share.resolve("a.txt"));
        assertThat(file(two, "only-here.txt")).isEqualTo(second.resolve("only-here.txt"));
        assertThat(file(two, second + "/a.txt")).isEqualTo(second.resolve("a.txt"));
    }

    @Test
    void oneReaderFindsWhatSingleLookupsFindAndRefusesWhatTheyRefuse() throws IOException {
        Path second = Files.createDirectories(fx.base.resolve("second"));
        SandboxFixture.write(second.resolve("logs/app/only-second.log"), "2");
        Shares two = new Shares(List.of(fx.share, second));
        try (ShareReader reader = new ShareReader(two, handles())) {
            // The folder exists in both shares; the file only in the second: both must stay candidates.
            assertThat(reader.file("logs/app/x.log").path()).isEqualTo(fx.share.resolve("logs/app/x.log"));
            SharedFile onlySecond = reader.file("logs/app/only-second.log");
            assertThat(onlySecond.path()).isEqualTo(second.resolve("logs/app/only-second.log"));
            assertThat(onlySecond.attrs().size()).isEqualTo(1);
            assertThat(reader.file(fx.share + "/logs/app/x.log").attrs().isRegularFile()).isTrue();
            assertThatThrownBy(() -> reader.file("logs/app/missing.log")).isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> reader.file("logs/app")).isInstanceOf(NoSuchFileException.class);
            for (int i = 0; i < 2; i++) { // the second time with the folders open: still refused
                assertThatThrownBy(() -> reader.file("out/secret.txt")).isInstanceOf(ForbiddenPathException.class);
                assertThatThrownBy(() -> reader.file("../outside/secret.txt"))
                        .isInstanceOf(ForbiddenPathException.class);
            }
            try (FileChannel channel = reader.open(onlySecond)) {
                assertThat(channel.size()).isEqualTo(1);
            }
        }
    }

    @Test
    void aShareConfiguredThroughALinkAnswersToBothNames() throws IOException {
        Path alias = Files.createSymbolicLink(fx.base.resolve("alias"), fx.share);
        Shares viaAlias = new Shares(List.of(alias));
        assertThat(viaAlias.realPaths()).containsExactly(fx.share);
        assertThat(folder(viaAlias, alias.toString())).isEqualTo(fx.share);
        assertThat(file(viaAlias, alias + "/logs/app/x.log")).isEqualTo(fx.share.resolve("logs/app/x.log"));
        assertThat(file(viaAlias, fx.share + "/a.txt")).isEqualTo(fx.share.resolve("a.txt"));
        assertThatThrownBy(() -> file(viaAlias, alias + "/out/secret.txt"))
                .isInstanceOf(ForbiddenPathException.class);
    }

    @Test
    void noShareRefusesEverythingAndSaysHowToShare() throws IOException {
        Shares none = new Shares(List.of());
        assertThat(none.isEmpty()).isTrue();
        assertThat(shares.isEmpty()).isFalse();
        assertThatThrownBy(() -> folder(none, "logs"))
                .isInstanceOf(ForbiddenPathException.class)
                .hasMessageContaining("share(");
        assertThatThrownBy(() -> file(none, "/etc/passwd")).isInstanceOf(ForbiddenPathException.class);
    }

    @Test
    void constructorAcceptsOnlyExistingFolders() {
        assertThatThrownBy(() -> new Shares(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Shares(java.util.Arrays.asList(fx.share, null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Shares(List.of(fx.share.resolve("a.txt"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Shares(List.of(fx.base.resolve("missing"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlongRequestsAreRefused() {
        String longName = "n".repeat(256);
        String longPath = "a/".repeat(2100);
        assertThatThrownBy(() -> file(shares, longName)).isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> file(shares, longPath))
                .isInstanceOf(ForbiddenPathException.class)
                .hasMessageContaining("characters, cut");
    }
}
