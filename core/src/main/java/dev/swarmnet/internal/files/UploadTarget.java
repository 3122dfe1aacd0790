package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where an uploaded file may be written: {@code <downloadDir>/<dirname>/<relativeName>}, and nowhere else.
 *
 * <p>Folders on the way are created one at a time, and each one's real path is checked before the next is
 * created in it. Creating them all at once ({@code Files.createDirectories}) and checking afterwards would
 * already have created folders outside when a sub-folder of the download dir is a link that leads out.
 *
 * <p>Uploads are written to {@link #temporaryFor(Path)} and renamed onto the target: a rename replaces a name,
 * it never writes through a link, and a reader never sees half a file.
 */
public final class UploadTarget {
    /** Marks files being received; {@link FileSelector} skips them and uploads may not take such a name. */
    static final String TEMPORARY_SUFFIX = ".swarmnet-part";
    /** Room for ".", ".", 16 hex digits and the suffix within the 255-byte name limit. */
    private static final int TEMPORARY_NAME_PART_BYTES = 200;

    private UploadTarget() {
    }

    /**
     * The path an upload may be written to, its parent folders created; the file itself is not created.
     *
     * @param downloadDir  the gateway's download dir (created if missing)
     * @param dirname      from the client: "" for the download dir itself, or a relative path of plain names
     * @param relativeName from the client: a relative '/'-separated path of plain names (sub-folders allowed)
     * @return the target, whose parent is a real folder inside the download dir's real path
     * @throws ForbiddenPathException     if a name is malformed or the target would lie outside the download dir
     * @throws FileAlreadyExistsException if a file stands where a folder is needed, or a folder has the name
     */
    public static Path resolve(Path downloadDir, String dirname, String relativeName) throws IOException {
        Path target = new TargetFolders(realRoot(downloadDir)).target(dirname, relativeName);
        checkExistingTarget(target, dirname.isEmpty() ? relativeName : dirname + "/" + relativeName);
        return target;
    }

    /**
     * The download dir, created if missing, as a real path: compute it once per transfer and pass it to
     * {@link #resolveUnder}, so that each file does not pay for resolving the whole root again.
     */
    public static Path realRoot(Path downloadDir) throws IOException {
        Objects.requireNonNull(downloadDir, "downloadDir");
        Files.createDirectories(downloadDir);
        return downloadDir.toRealPath();
    }

    /**
     * A new, unique, hidden name beside {@code target} to receive its bytes before the rename. Create it with
     * {@code CREATE_NEW}, which also refuses to follow a link someone put there.
     */
    public static Path temporaryFor(Path target) {
        Objects.requireNonNull(target, "target");
        Path name = target.getFileName();
        Path parent = target.getParent();
        if (name == null || parent == null) {
            throw new IllegalArgumentException("target needs a parent folder and a name, got " + target);
        }
        String base = Utf8.prefix(name.toString(), TEMPORARY_NAME_PART_BYTES);
        // Sixteen hex digits without String.format, which costs more than the rest of this method.
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        return parent.resolve("." + base + "." + random + TEMPORARY_SUFFIX);
    }

    /** Whether {@code path} names a file being received (see {@link #temporaryFor(Path)}). */
    public static boolean isTemporary(Path path) {
        Objects.requireNonNull(path, "path");
        Path name = path.getFileName();
        return name != null && isTemporaryName(name.toString());
    }

    static boolean isTemporaryName(String name) {
        return name.startsWith(".") && name.endsWith(TEMPORARY_SUFFIX);
    }

    /** All names from the download dir to the file, every one a checked plain name; the last is the file's. */
    static List<String> checkedNames(String dirname, String relativeName) throws ForbiddenPathException {
        List<String> folders = RequestedPath.forWriting(dirname);
        List<String> file = RequestedPath.forWriting(relativeName);
        if (file.isEmpty()) {
            throw new ForbiddenPathException(relativeName, "a file name is required");
        }
        if (isTemporaryName(file.get(file.size() - 1))) {
            throw new ForbiddenPathException(relativeName, "names like .<name>.<random>" + TEMPORARY_SUFFIX
                    + " are reserved for files being received");
        }
        if (Utf8.length(dirname) + 1 + Utf8.length(relativeName) > RequestedPath.MAX_PATH_BYTES) {
            throw new ForbiddenPathException(dirname + "/" + relativeName,
                    "the path is longer than " + RequestedPath.MAX_PATH_BYTES + " bytes");
        }
        List<String> names = new ArrayList<>(folders);
        names.addAll(file);
        return names;
    }

    /** The real path of folder {@code name} in {@code parent}, created if missing; refused if it leads out. */
    static Path enterOrCreate(Path root, Path parent, String name, String shown) throws IOException {
        Path next = RequestedPath.child(parent, name, shown);
        try {
            // mkdir never follows a link: an existing link, even a dangling one, makes it fail here.
            Files.createDirectory(next);
        } catch (FileAlreadyExistsException e) {
            // Something has the name already (maybe a concurrent upload's folder): judged below.
        }
        Path real;
        try {
            real = next.toRealPath();
        } catch (IOException e) {
            throw new ForbiddenPathException(shown, "a folder on the way is a link that cannot be followed");
        }
        if (!real.startsWith(root)) {
            throw new ForbiddenPathException(shown, "a folder on the way leads outside the download dir");
        }
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(shown, null, "a file stands where a folder is needed");
        }
        return real;
    }

    /**
     * Refuses a target that is a link or a folder before anything is received for it. Downloads skip this
     * check (a rename replaces a link rather than writing through it, and fails on a folder:
     * {@link #renameFailure} then explains it); an upload is refused early, before its body is read.
     */
    private static void checkExistingTarget(Path target, String shown) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (attrs.isSymbolicLink()) {
            throw new ForbiddenPathException(shown, "the name is taken by a link");
        }
        if (attrs.isDirectory()) {
            throw new FileAlreadyExistsException(shown, null, "a folder already has this name");
        }
    }

    /** Why renaming a received file onto {@code target} failed, in the words of the checks above. */
    public static IOException renameFailure(Path target, IOException cause) {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return new FileAlreadyExistsException(target.getFileName().toString(), null,
                    "a folder already has this name");
        }
        return cause;
    }
}
