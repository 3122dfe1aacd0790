package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an upload's target would be, looked up without creating anything: for questions about an upload
 * (which ranges are held, may it take its name) rather than for writing one. The same checks as
 * {@link UploadTarget#resolve} apply, so the answer is the same path that upload's ranges were written beside,
 * and a name leading outside the download dir is refused the same way.
 */
public final class ExistingTarget {
    private ExistingTarget() {
    }

    /**
     * The target of {@code dirname/relativeName} inside the download dir, or null when a folder on the way does
     * not exist (then nothing can be held there).
     *
     * @throws ForbiddenPathException if a name is malformed or a folder on the way leads outside the download dir
     */
    public static Path find(Path downloadDir, String dirname, String relativeName) throws IOException {
        List<String> names = UploadTarget.checkedNames(dirname, relativeName);
        String shown = dirname.isEmpty() ? relativeName : dirname + "/" + relativeName;
        Path root;
        try {
            root = downloadDir.toRealPath();
        } catch (NoSuchFileException e) {
            return null;
        }
        Path parent = root;
        for (String folder : names.subList(0, names.size() - 1)) {
            parent = existingFolder(root, RequestedPath.child(parent, folder, shown), shown);
            if (parent == null) {
                return null;
            }
        }
        return RequestedPath.child(parent, names.get(names.size() - 1), shown);
    }

    /** The real path of an existing folder inside {@code root}; null if there is none by that name. */
    private static Path existingFolder(Path root, Path folder, String shown) throws IOException {
        Path real;
        try {
            real = folder.toRealPath();
        } catch (NoSuchFileException e) {
            return null; // missing, or a dangling link: nothing was ever received there
        } catch (IOException e) {
            throw new ForbiddenPathException(shown, "a folder on the way is a link that cannot be followed");
        }
        if (!real.startsWith(root)) {
            throw new ForbiddenPathException(shown, "a folder on the way leads outside the download dir");
        }
        return Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) ? real : null;
    }
}
