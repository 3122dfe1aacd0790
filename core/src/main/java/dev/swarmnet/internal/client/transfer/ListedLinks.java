package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ExistingFiles;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.Folder;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.files.UploadTarget;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Makes a download's listed links in the download folder, as rsync {@code -l} does: each one under a temporary
 * name first, then renamed into place, so that a link appears whole and replaces a file or a link of its name,
 * never a folder. Its folders on the way are made and checked like a file's (a link on the way is refused), and
 * nothing is ever followed: the link is made with its text, dangling or not. The quick check: a link of the
 * same text already there is left alone (with {@link ExistingFiles#SKIP_EXISTING}, anything but a folder is).
 */
final class ListedLinks {
    /** What became of a listed link. */
    enum Outcome {
        MADE,
        UNCHANGED
    }

    private ListedLinks() {
    }

    /**
     * Makes {@code link} (a listed link whose target was checked) under its dest.
     *
     * @throws IOException saying why it was not made
     */
    static Outcome place(TargetFolders folders, FileFrames.Listed link, ExistingFiles policy) throws IOException {
        Path target = Path.of(link.target());
        try (TargetFolders.Target at = folders.target("", link.dest())) {
            Folder folder = at.folder();
            BasicFileAttributes there = existing(folder, at.name());
            if (there != null) {
                if (there.isDirectory()) {
                    throw new FileAlreadyExistsException(link.dest(), null, "a folder stands where the link goes");
                }
                if (policy == ExistingFiles.SKIP_EXISTING || policy == ExistingFiles.SKIP_UNCHANGED
                        && there.isSymbolicLink() && target.equals(folder.readLink(at.name()))) {
                    return Outcome.UNCHANGED;
                }
            }
            String temporary = UploadTarget.temporaryName(at.name());
            try {
                folder.createLink(temporary, target, FileModes.time(link.mtimeNanos()));
                folder.rename(temporary, at.name()); // renameat: a folder of that name is never replaced
            } catch (IOException | RuntimeException e) {
                folder.deleteIfExists(temporary);
                throw e;
            }
            return Outcome.MADE;
        }
    }

    private static BasicFileAttributes existing(Folder folder, String name) throws IOException {
        try {
            return folder.stat(name);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
