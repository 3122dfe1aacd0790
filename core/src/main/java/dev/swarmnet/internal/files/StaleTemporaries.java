package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Files a gateway was receiving when its process died ({@code kill -9}, power loss): hidden temporary names
 * that no upload will ever finish. A gateway removes them from its download folder when it starts, before
 * it accepts anyone. The pieces of resumable uploads ({@link ResumablePieces}) are the exception: their
 * client may come back for them, so those that made progress within the retention period are kept (and
 * returned, so the gateway can expire them later). Links are not followed, so nothing outside the folder is
 * touched.
 */
public final class StaleTemporaries {
    /** What a sweep did: how many files it removed, and the data files of the resumable uploads it kept. */
    public record Sweep(int removed, List<Path> kept) {
    }

    private StaleTemporaries() {
    }

    /** Deletes every file with a temporary name under {@code folder}; returns how many. Missing folder: 0. */
    public static int sweep(Path folder) throws IOException {
        return sweep(folder, Duration.ZERO).removed();
    }

    /**
     * Deletes every temporary file under {@code folder}, except the pieces of resumable uploads that made
     * progress within {@code retention} (none with {@link Duration#ZERO}).
     */
    public static Sweep sweep(Path folder, Duration retention) throws IOException {
        List<Path> kept = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return new Sweep(0, kept);
        }
        long oldestKept = System.currentTimeMillis() - retention.toMillis();
        int[] removed = {0};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile() || !UploadTarget.isTemporary(file)) {
                    return FileVisitResult.CONTINUE;
                }
                if (ResumablePieces.isPiece(file) && !retention.isZero()) {
                    removed[0] += judgePiece(file, oldestKept, kept);
                } else if (Files.deleteIfExists(file)) {
                    removed[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // an unreadable corner must not stop the gateway from starting
            }
        });
        return new Sweep(removed[0], kept);
    }

    /**
     * Keeps a resumable upload whose pair of files is whole and recent (listing its data file once), deletes
     * it otherwise; returns how many files went.
     */
    private static int judgePiece(Path piece, long oldestKept, List<Path> kept) throws IOException {
        Path data = ResumablePieces.dataOf(piece);
        long progress = ResumablePieces.lastProgressMillis(data);
        if (progress >= oldestKept) {
            if (piece.equals(data)) {
                kept.add(data);
            }
            return 0;
        }
        return Files.deleteIfExists(piece) ? 1 : 0; // its partner goes when the walk reaches it
    }
}
