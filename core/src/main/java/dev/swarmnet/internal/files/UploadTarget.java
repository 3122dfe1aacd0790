package dev.swarmnet.internal.files;

import dev.swarmnet.internal.wire.Utf8;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The rules for what a transfer may write: {@code <download folder>/<dirname>/<relativeName>}, plain names
 * only, never a reserved temporary name. Files are received under {@link #temporaryName(String)} beside the
 * target and renamed onto it: a rename replaces a name, it never writes through a link, and a reader never
 * sees half a file. Where the folders are is {@link TargetFolders}' business.
 */
public final class UploadTarget {
    /** Marks files being received; {@link FileSelector} skips them and uploads may not take such a name. */
    static final String TEMPORARY_SUFFIX = ".swarmnet-part";
    /** Room for ".", ".", 16 hex digits and the suffix within the 255-byte name limit. */
    private static final int TEMPORARY_NAME_PART_BYTES = 200;

    private UploadTarget() {
    }

    /**
     * A new, unique, hidden name beside {@code name} to receive its bytes before the rename. Create it with
     * {@link Folder#createFile}, which also refuses to follow a link someone put there.
     */
    public static String temporaryName(String name) {
        Objects.requireNonNull(name, "name");
        String base = Utf8.prefix(name, TEMPORARY_NAME_PART_BYTES);
        // Sixteen hex digits without String.format, which costs more than the rest of this method.
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        return "." + base + "." + random + TEMPORARY_SUFFIX;
    }

    /** Whether {@code path} names a file being received (see {@link #temporaryName(String)}). */
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
        checkFileName(relativeName, file.get(file.size() - 1));
        checkLength(dirname, relativeName);
        List<String> names = new ArrayList<>(folders);
        names.addAll(file);
        RequestedPath.checkDepth(dirname + "/" + relativeName, names.size());
        return names;
    }

    /** A file's own name: a plain name, not one reserved for files being received. */
    static void checkFileName(String shown, String name) throws ForbiddenPathException {
        RequestedPath.checkNewNameOf(shown, name);
        if (isTemporaryName(name)) {
            throw new ForbiddenPathException(shown, "names like .<name>.<random>" + TEMPORARY_SUFFIX
                    + " are reserved for files being received");
        }
    }

    /** The whole path, dirname and name, within the protocol's limit. */
    static void checkLength(String dirname, String relativeName) throws ForbiddenPathException {
        if (Utf8.length(dirname) + 1 + Utf8.length(relativeName) > RequestedPath.MAX_PATH_BYTES) {
            throw new ForbiddenPathException(dirname + "/" + relativeName,
                    "the path is longer than " + RequestedPath.MAX_PATH_BYTES + " bytes");
        }
    }

    /**
     * Refuses a target that is a link or a folder before anything is received for it. Downloads skip this
     * check (a rename replaces a link rather than writing through it, and fails on a folder:
     * {@link #renameFailure} then explains it); an upload is refused early, before its body is read.
     */
    public static void checkFree(TargetFolders.Target target) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = target.folder().stat(target.name());
        } catch (NoSuchFileException e) {
            return;
        }
        if (attrs.isSymbolicLink()) {
            throw new ForbiddenPathException(target.shown(), "the name is taken by a link");
        }
        if (attrs.isDirectory()) {
            throw new FileAlreadyExistsException(target.shown(), null, "a folder already has this name");
        }
    }

    /** Why renaming a received file onto {@code name} in {@code folder} failed, in the words of the checks above. */
    public static IOException renameFailure(Folder folder, String name, IOException cause) {
        try {
            if (folder.stat(name).isDirectory()) {
                return new FileAlreadyExistsException(name, null, "a folder already has this name");
            }
        } catch (IOException e) {
            // nothing there, or unreadable: the rename's own reason stands
        }
        return cause;
    }
}
