package dev.swarmnet.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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

/** Resolving client paths against shared folders: every way out is refused, every way in works. */
class SharesTest {
    @TempDir
    Path tempDir;

    private SandboxFixture fx;
    private Shares shares;

    @BeforeEach
    void setUp() throws IOException {
        fx = new SandboxFixture(tempDir);
        shares = new Shares(List.of(fx.share));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"..", "../..", "../outside", "../outside/secret.txt", "a/../../x", "logs/../../outside",
            "logs/..", "./..", "/etc", "/etc/passwd", "/", "..\\", "..\\outside", "a\\..\\b", "logs\\app",
            "C:\\Windows", "C:/x", "c:", "C:", "logs/C:/x", "logs\u0000", "\u0000", "out", "out/", "out/secret.txt",
            "out/missing", "out/missing/deeper", "secret.txt", "inner/../../outside"})
    void refusesEveryWayOut(String requested) {
        assertThatThrownBy(() -> shares.resolveFolder(requested)).isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> shares.resolveFile(requested)).isInstanceOf(ForbiddenPathException.class);
    }

    @Test
    void refusesAbsolutePathsOutsideEvenWithTheShareAsStringPrefix() {
        for (Path outside : List.of(fx.shareEvil, fx.shareEvil.resolve("evil.txt"), fx.outside,
                fx.outside.resolve("secret.txt"), fx.base)) {
            String requested = outside.toString();
            assertThatThrownBy(() -> shares.resolveFolder(requested)).isInstanceOf(ForbiddenPathException.class);
            assertThatThrownBy(() -> shares.resolveFile(requested)).isInstanceOf(ForbiddenPathException.class);
        }
    }

    @Test
    void refusesAbsolutePathsThatClimbOutOfTheShare() {
        for (String tail : List.of("/..", "/../outside", "/../outside/secret.txt", "/logs/../../share-evil")) {
            String requested = fx.share + tail;
            assertThatThrownBy(() -> shares.resolveFolder(requested)).isInstanceOf(ForbiddenPathException.class);
            assertThatThrownBy(() -> shares.resolveFile(requested)).isInstanceOf(ForbiddenPathException.class);
        }
    }

    @Test
    void refusesLinksThatLeadOutWhenNamedByAbsolutePath() {
        assertThatThrownBy(() -> shares.resolveFolder(fx.share + "/out"))
                .isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> shares.resolveFile(fx.share + "/out/secret.txt"))
                .isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> shares.resolveFile(fx.share + "/secret.txt"))
                .isInstanceOf(ForbiddenPathException.class);
    }

    @Test
    void linkThatLeadsOutIsRefusedWhetherOrNotItsTargetExists() {
        // Same answer for an existing and a missing target: the client cannot probe the gateway's disk.
        assertThatThrownBy(() -> shares.resolveFile("out/secret.txt")).isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> shares.resolveFile("out/no-such")).isInstanceOf(ForbiddenPathException.class);
    }

    @Test
    void refusalsDoNotRevealTheGatewaysPaths() {
        for (String requested : List.of("out/secret.txt", "secret.txt", "../outside", "a\\..\\b")) {
            assertThatThrownBy(() -> shares.resolveFile(requested))
                    .isInstanceOf(ForbiddenPathException.class)
                    .hasMessageContaining(requested)
                    .hasMessageNotContaining(fx.base.toString());
        }
        assertThatThrownBy(() -> shares.resolveFile("missing.txt"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.txt")
                .hasMessageNotContaining(fx.base.toString());
    }

    @Test
    void nulIsEscapedInTheMessage() {
        assertThatThrownBy(() -> shares.resolveFile("a\u0000b"))
                .isInstanceOf(ForbiddenPathException.class)
                .hasMessageContaining("a\\u0000b")
                .hasMessageNotContaining("\u0000");
    }

    @Test
    void aShareByItsAbsolutePath() throws IOException {
        assertThat(shares.resolveFolder(fx.share.toString())).isEqualTo(fx.share);
        assertThat(shares.resolveFolder(fx.share + "/")).isEqualTo(fx.share);
    }

    @Test
    void aFolderInsideAShareByAbsoluteAndRelativePath() throws IOException {
        Path app = fx.share.resolve("logs/app");
        assertThat(shares.resolveFolder(app.toString())).isEqualTo(app);
        assertThat(shares.resolveFolder("logs")).isEqualTo(fx.share.resolve("logs"));
        assertThat(shares.resolveFolder("logs/app")).isEqualTo(app);
        assertThat(shares.resolveFolder("./logs//app/")).isEqualTo(app);
        assertThat(shares.resolveFolder(".")).isEqualTo(fx.share);
    }

    @Test
    void aFileByRelativeAndAbsolutePath() throws IOException {
        Path log = fx.share.resolve("logs/app/x.log");
        assertThat(shares.resolveFile("logs/app/x.log")).isEqualTo(log);
        assertThat(shares.resolveFile(log.toString())).isEqualTo(log);
        assertThat(shares.resolveFile("a.txt")).isEqualTo(fx.share.resolve("a.txt"));
    }

    @Test
    void aLinkThatStaysInsideIsFollowedToItsRealPath() throws IOException {
        assertThat(shares.resolveFolder("inner/app")).isEqualTo(fx.share.resolve("logs/app"));
        assertThat(shares.resolveFile("inner/app/x.log")).isEqualTo(fx.share.resolve("logs/app/x.log"));
    }

    @Test
    void missingOrWrongKindIsNoSuchFile() {
        for (String requested : List.of("missing", "logs/missing", "a.txt/x", "dangling", fx.share + "/missing")) {
            assertThatThrownBy(() -> shares.resolveFolder(requested)).isInstanceOf(NoSuchFileException.class);
        }
        assertThatThrownBy(() -> shares.resolveFolder("a.txt")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> shares.resolveFile("logs")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> shares.resolveFile(fx.share.toString())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void relativeRequestsTryEachShareInOrder() throws IOException {
        Path second = Files.createDirectories(fx.base.resolve("second"));
        SandboxFixture.write(second.resolve("only-here.txt"), "2");
        SandboxFixture.write(second.resolve("a.txt"), "second a");
        Shares two = new Shares(List.of(fx.share, second));
        assertThat(two.resolveFile("a.txt")).isEqualTo(fx.share.resolve("a.txt"));
        assertThat(two.resolveFile("only-here.txt")).isEqualTo(second.resolve("only-here.txt"));
        assertThat(two.resolveFile(second + "/a.txt")).isEqualTo(second.resolve("a.txt"));
        assertThat(two.relativize(second.resolve("only-here.txt"))).isEqualTo("only-here.txt");
    }

    @Test
    void aBatchCacheFindsWhatSingleLookupsFindAndRefusesWhatTheyRefuse() throws IOException {
        Path second = Files.createDirectories(fx.base.resolve("second"));
        SandboxFixture.write(second.resolve("logs/app/only-second.log"), "2");
        Shares two = new Shares(List.of(fx.share, second));
        Shares.FolderCache cache = new Shares.FolderCache();
        // The folder exists in both shares; the file only in the second: the cache must keep both candidates.
        assertThat(two.findFile("logs/app/x.log", cache).path()).isEqualTo(fx.share.resolve("logs/app/x.log"));
        SharedFile onlySecond = two.findFile("logs/app/only-second.log", cache);
        assertThat(onlySecond.path()).isEqualTo(second.resolve("logs/app/only-second.log"));
        assertThat(onlySecond.attrs().size()).isEqualTo(1);
        assertThat(two.findFile(fx.share + "/logs/app/x.log", cache).attrs().isRegularFile()).isTrue();
        assertThatThrownBy(() -> two.findFile("logs/app/missing.log", cache)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> two.findFile("logs/app", cache)).isInstanceOf(NoSuchFileException.class);
        for (int i = 0; i < 2; i++) { // the second time from the cache: still refused
            assertThatThrownBy(() -> two.findFile("out/secret.txt", cache)).isInstanceOf(ForbiddenPathException.class);
            assertThatThrownBy(() -> two.findFile("../outside/secret.txt", cache))
                    .isInstanceOf(ForbiddenPathException.class);
        }
    }

    @Test
    void aShareConfiguredThroughALinkAnswersToBothNames() throws IOException {
        Path alias = Files.createSymbolicLink(fx.base.resolve("alias"), fx.share);
        Shares viaAlias = new Shares(List.of(alias));
        assertThat(viaAlias.realPaths()).containsExactly(fx.share);
        assertThat(viaAlias.resolveFolder(alias.toString())).isEqualTo(fx.share);
        assertThat(viaAlias.resolveFile(alias + "/logs/app/x.log")).isEqualTo(fx.share.resolve("logs/app/x.log"));
        assertThat(viaAlias.resolveFile(fx.share + "/a.txt")).isEqualTo(fx.share.resolve("a.txt"));
        assertThatThrownBy(() -> viaAlias.resolveFile(alias + "/out/secret.txt"))
                .isInstanceOf(ForbiddenPathException.class);
    }

    @Test
    void relativizeGivesTheWireName() throws IOException {
        assertThat(shares.relativize(shares.resolveFile("logs/app/x.log"))).isEqualTo("logs/app/x.log");
        assertThat(shares.relativize(fx.share)).isEmpty();
        assertThatThrownBy(() -> shares.relativize(fx.outside.resolve("secret.txt")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shares.relativize(fx.share.resolve("../outside/secret.txt")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shares.relativize(Path.of("logs/app/x.log")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shares.relativize(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void noShareRefusesEverythingAndSaysHowToShare() throws IOException {
        Shares none = new Shares(List.of());
        assertThat(none.isEmpty()).isTrue();
        assertThat(shares.isEmpty()).isFalse();
        assertThatThrownBy(() -> none.resolveFolder("logs"))
                .isInstanceOf(ForbiddenPathException.class)
                .hasMessageContaining("share(");
        assertThatThrownBy(() -> none.resolveFile("/etc/passwd")).isInstanceOf(ForbiddenPathException.class);
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
        assertThatThrownBy(() -> shares.resolveFile(longName)).isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> shares.resolveFile(longPath))
                .isInstanceOf(ForbiddenPathException.class)
                .hasMessageContaining("characters, cut");
    }
}
