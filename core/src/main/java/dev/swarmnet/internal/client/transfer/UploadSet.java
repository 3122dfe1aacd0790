package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.FileFailure;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.internal.files.FileModes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an upload is to deliver: files with their destinations, the folders to place after them (parents before
 * children, as walked), and what was met but is not sent: entries skipped on purpose (links, special files) and
 * entries that failed before the upload began (a name that is not UTF-8, a folder that cannot be read).
 */
public record UploadSet(String dirname, List<LocalFile> files, List<UploadFolder> folders, List<SkippedFile> skipped,
        List<FileFailure> failed) {
    public UploadSet {
        Objects.requireNonNull(dirname, "dirname");
        files = List.copyOf(files);
        folders = List.copyOf(folders);
        skipped = List.copyOf(skipped);
        failed = List.copyOf(failed);
    }

    /** Files named one by one, each landing under its own name. */
    public static UploadSet ofFiles(String dirname, List<Path> files) {
        List<LocalFile> named = new ArrayList<>(files.size());
        for (Path f : files) {
            named.add(LocalFile.named(Objects.requireNonNull(f, "a file")));
        }
        return new UploadSet(dirname, named, List.of(), List.of(), List.of());
    }

    /** The same, its folders without permission bits (the gateway's default applies). */
    UploadSet withoutModes() {
        List<UploadFolder> plain = new ArrayList<>(folders.size());
        for (UploadFolder f : folders) {
            plain.add(new UploadFolder(f.dest(), f.mtimeNanos(), FileModes.NONE));
        }
        return new UploadSet(dirname, files, plain, skipped, failed);
    }

    /** The same, with only {@code files} left to send. */
    UploadSet withFiles(List<LocalFile> files) {
        return new UploadSet(dirname, files, folders, skipped, failed);
    }
}
