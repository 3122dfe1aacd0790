package dev.swarmnet.internal.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A real folder layout for the sandbox tests, with real symlinks:
 *
 * <pre>
 * base/share/                      the shared folder
 *        a.txt
 *        logs/app/x.log
 *        out        -> base/outside           a folder link that leads out
 *        secret.txt -> base/outside/secret.txt a file link that leads out
 *        inner      -> base/share/logs         a folder link that stays inside
 *        dangling   -> base/outside/missing    a dangling link
 * base/share-evil/evil.txt         a sibling whose name starts with the share's
 * base/outside/secret.txt          what must never be reached
 * </pre>
 */
final class SandboxFixture {
    final Path base;
    final Path share;
    final Path shareEvil;
    final Path outside;

    SandboxFixture(Path tempDir) throws IOException {
        base = tempDir.toRealPath();
        share = Files.createDirectories(base.resolve("share"));
        shareEvil = Files.createDirectories(base.resolve("share-evil"));
        outside = Files.createDirectories(base.resolve("outside"));
        write(share.resolve("a.txt"), "a");
        write(share.resolve("logs/app/x.log"), "x");
        write(shareEvil.resolve("evil.txt"), "evil");
        write(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(share.resolve("out"), outside);
        Files.createSymbolicLink(share.resolve("secret.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(share.resolve("inner"), share.resolve("logs"));
        Files.createSymbolicLink(share.resolve("dangling"), outside.resolve("missing"));
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Every entry under {@code dir} (links not followed), to prove that nothing appeared there. */
    static Set<String> tree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            Set<String> names = new TreeSet<>();
            paths.forEach(p -> names.add(dir.relativize(p).toString()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
