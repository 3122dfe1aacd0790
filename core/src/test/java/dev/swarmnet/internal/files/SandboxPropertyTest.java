package dev.swarmnet.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many generated hostile strings against the real sandbox. The invariant: a request is refused, or what it
 * resolves to is a real path inside the root. Where the rules say a string must be refused as forbidden
 * (backslash, NUL, "..", a drive, a first name that is a link leading out), "not found" is not good enough.
 */
class SandboxPropertyTest {
    /** The pieces the brief names, plus "out": a link that leads out, in the share and in the download dir. */
    private static final List<String> TOKENS = List.of("..", ".", "", "a", "\\", "/", "C:", "out");
    /** More pieces for the random strings: encodings and look-alikes that must be harmless or refused. */
    private static final List<String> MORE_TOKENS = List.of("..", ".", "", "a", "\\", "/", "C:", "out", "//",
            "..\\", "%2e%2e", "~", "\u0000", "c:\\", "logs", "a.txt", "...", ". .", "\u2025", "share-evil", "x:y");

    @TempDir
    Path tempDir;

    private SandboxFixture fx;
    private ShareReader reader;
    private Path downloads;
    private Set<String> baseBefore;
    private Set<String> outsideBefore;

    @BeforeEach
    void setUp() throws IOException {
        fx = new SandboxFixture(tempDir);
        Files.createDirectories(fx.share.resolve("a/a"));
        reader = new ShareReader(new Shares(List.of(fx.share)));
        downloads = Files.createDirectories(fx.base.resolve("downloads"));
        Files.createSymbolicLink(downloads.resolve("out"), fx.outside);
        baseBefore = SandboxFixture.tree(fx.base);
        outsideBefore = SandboxFixture.tree(fx.outside);
    }

    @AfterEach
    void tearDown() {
        reader.close();
    }

    @Test
    void everyCombinationOfUpToFivePiecesStaysInside() throws IOException {
        Set<String> requests = new LinkedHashSet<>();
        combine("", 5, requests);
        checkAll(requests);
    }

    @Test
    void randomLongerStringsStayInside() throws IOException {
        Random random = new Random(1857);
        Set<String> requests = new LinkedHashSet<>();
        while (requests.size() < 10_000) {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "/" : "");
            int pieces = 1 + random.nextInt(12);
            for (int i = 0; i < pieces; i++) {
                s.append(MORE_TOKENS.get(random.nextInt(MORE_TOKENS.size())));
                s.append(random.nextInt(3) == 0 ? "" : "/");
            }
            requests.add(s.toString());
        }
        checkAll(requests);
    }

    private void checkAll(Set<String> requests) throws IOException {
        int resolved = 0;
        for (String request : requests) {
            resolved += checkShares(request) + checkShares(fx.share + "/" + request);
            resolved += checkUpload("", request) + checkUpload(request, "f.txt");
        }
        // The generator must also produce valid requests, or the invariant would hold vacuously.
        assertThat(resolved).isGreaterThan(requests.size() / 100);
        assertThat(SandboxFixture.tree(fx.outside)).isEqualTo(outsideBefore);
        // Only the download dir may gain folders.
        Set<String> after = SandboxFixture.tree(fx.base);
        after.removeIf(p -> p.startsWith("downloads/"));
        Set<String> before = new LinkedHashSet<>(baseBefore);
        before.removeIf(p -> p.startsWith("downloads/"));
        assertThat(after).isEqualTo(before);
        assertThat(Files.readSymbolicLink(downloads.resolve("out"))).isEqualTo(fx.outside);
    }

    private Path folder(String request) throws IOException {
        try (ShareReader.OpenedFolder f = reader.folder(request)) {
            return f.path().isEmpty() ? f.sharePath() : f.sharePath().resolve(f.path());
        }
    }

    private Path file(String request) throws IOException {
        return reader.file(request).path();
    }

    private int checkShares(String request) throws IOException {
        int resolved = 0;
        for (boolean folder : new boolean[] {true, false}) {
            try {
                Path got = folder ? folder(request) : file(request);
                assertInside(request, got, fx.share);
                resolved++;
            } catch (ForbiddenPathException e) {
                // refused: the invariant holds
            } catch (NoSuchFileException e) {
                if (mustBeForbidden(request, true)) {
                    fail("must be forbidden, not just missing: " + ForbiddenPathException.quote(request));
                }
            }
        }
        return resolved;
    }

    private int checkUpload(String dirname, String name) throws IOException {
        try {
            Path target = UploadLookup.resolve(downloads, dirname, name);
            assertInside(dirname + " + " + name, target.getParent(), downloads);
            String shown = ForbiddenPathException.quote(dirname + " + " + name);
            assertThat(target.startsWith(downloads)).as(shown + " -> " + target).isTrue();
            assertThat(Files.isSymbolicLink(target)).as(shown + " -> a link").isFalse();
            return 1;
        } catch (ForbiddenPathException e) {
            return 0;
        } catch (FileAlreadyExistsException e) {
            // A folder of an earlier request has this name: refused for another reason, nothing written.
            String combined = dirname.isEmpty() ? name : dirname + "/" + name;
            if (mustBeForbidden(combined, false)) {
                fail("must be forbidden: " + ForbiddenPathException.quote(combined));
            }
            return 0;
        }
    }

    private static void assertInside(String request, Path got, Path root) throws IOException {
        String shown = ForbiddenPathException.quote(request);
        assertThat(got.toRealPath()).as("real path of " + shown).isEqualTo(got);
        assertThat(got.startsWith(root)).as(shown + " -> " + got).isTrue();
    }

    /** What the rules refuse outright, whatever exists on disk. */
    private static boolean mustBeForbidden(String request, boolean reading) {
        if (request.indexOf('\\') >= 0 || request.indexOf('\0') >= 0) {
            return true;
        }
        List<String> names = new ArrayList<>();
        for (String name : request.split("/", -1)) {
            if (name.equals("..") || (name.length() >= 2 && name.charAt(1) == ':'
                    && Character.isLetter(name.charAt(0)) && name.charAt(0) < 128)) {
                return true;
            }
            if (!reading || (!name.isEmpty() && !name.equals("."))) {
                names.add(name);
            }
        }
        boolean relative = !request.startsWith("/");
        return relative && !names.isEmpty() && names.get(0).equals("out");
    }

    private static void combine(String prefix, int piecesLeft, Set<String> out) {
        out.add(prefix);
        if (piecesLeft == 0) {
            return;
        }
        for (String token : TOKENS) {
            combine(prefix + token, piecesLeft - 1, out);
        }
    }
}
