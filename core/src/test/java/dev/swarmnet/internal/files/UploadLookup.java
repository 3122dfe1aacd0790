package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.Path;

/** Where an upload of {@code dirname/name} would be written, as a gateway connection finds it (folders created). */
final class UploadLookup {
    private UploadLookup() {
    }

    static Path resolve(Path downloadDir, String dirname, String name) throws IOException {
        try (TargetFolders folders = TargetFolders.open(downloadDir);
                TargetFolders.Target target = folders.target(dirname, name)) {
            UploadTarget.checkFree(target);
            return target.path();
        }
    }
}
