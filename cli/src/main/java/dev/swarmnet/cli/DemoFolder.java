package dev.swarmnet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Random;

/** A generated folder of demo files (the same every time), for the demo command and {@code gateway --demo}. */
final class DemoFolder {
    private DemoFolder() {
    }

    /**
     * Writes {@code files} small "log" files of 1-3 kB into {@code logs} (every tenth in a sub-folder) and one large
     * file of {@code largeMib} MiB; returns the bytes written.
     */
    static long generate(Path logs, int files, int largeMib) throws IOException {
        Random random = new Random(1857);
        Path old = Files.createDirectories(logs.resolve("archive"));
        long total = 0;
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < files; i++) {
            line.setLength(0);
            int lines = 10 + random.nextInt(30);
            int day = 10 + i % 18;
            for (int l = 0; l < lines; l++) {
                int second = random.nextInt(50) + 10;
                line.append("2024-05-").append(day).append(" 12:").append(l + 10).append(':').append(second)
                        .append(" INFO sensor=").append(random.nextInt(8)).append(" value=")
                        .append(random.nextInt(100_000) / 1000.0).append('\n');
            }
            byte[] content = line.toString().getBytes(StandardCharsets.US_ASCII);
            Files.write((i % 10 == 9 ? old : logs).resolve(String.format(Locale.ROOT, "app-%05d.log", i)), content);
            total += content.length;
        }
        if (largeMib > 0) {
            byte[] block = new byte[1 << 20];
            try (var out = Files.newOutputStream(logs.resolve("camera.raw"))) {
                for (int m = 0; m < largeMib; m++) {
                    random.nextBytes(block);
                    out.write(block);
                }
            }
            total += (long) largeMib << 20;
        }
        return total;
    }

    /** Removes a folder this command made, saying so on stderr if it cannot. */
    static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("swarmnet: could not remove " + root + ": " + e.getMessage());
        }
    }
}
