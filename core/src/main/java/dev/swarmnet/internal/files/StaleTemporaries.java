package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Files a gateway was receiving when its process died ({@code kill -9}, power loss): hidden temporary names
 * that no upload will ever finish. A gateway removes them from its download folder when it starts, before
 * it accepts anyone. Links are not followed, so nothing outside the folder is touched.
 */
public final class StaleTemporaries {
    private StaleTemporaries() {
    }

    /** Deletes every file with a temporary name under {@code folder}; returns how many. Missing folder: 0. */
    public static int sweep(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int[] removed = {0};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && UploadTarget.isTemporary(file) && Files.deleteIfExists(file)) {
                    removed[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // an unreadable corner must not stop the gateway from starting
            }
        });
        return removed[0];
    }
}
