package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The regular files a folder query selects. Links to folders are never followed (they could lead out, or
 * loop); a link to a file counts only if its real path lies inside the requested folder. Devices, pipes and
 * sockets are skipped (reading a pipe would block a handler), and so are files still being received.
 */
public final class FileSelector {
    /** Reads of a name allowed to one regex match; a sane pattern on a long path needs far fewer. */
    static final long MAX_REGEX_READS_PER_FILE = 10_000_000L;

    /**
     * One file chosen by a folder query.
     *
     * @param relativePath its name relative to the requested folder, '/'-separated, as sent on the wire; for a
     *                     linked file this is the link's name, not the target's
     * @param file         where to read it (a real path, no links, inside the requested folder) and its
     *                     attributes when selected: the "before" of a send that follows the listing
     */
    public record SelectedFile(String relativePath, SharedFile file) {
        public SelectedFile {
            Objects.requireNonNull(relativePath, "relativePath");
            Objects.requireNonNull(file, "file");
            if (!file.path().isAbsolute()) {
                throw new IllegalArgumentException("the file's path must be absolute, got " + file.path());
            }
            if (relativePath.isEmpty()) {
                throw new IllegalArgumentException("relativePath must not be empty");
            }
        }

        public Path realPath() {
            return file.path();
        }

        /** Its size in bytes when selected. */
        public long size() {
            return file.attrs().size();
        }

        /** Its modification time when selected, in milliseconds since the epoch. */
        public long mtimeMillis() {
            return file.attrs().lastModifiedTime().toMillis();
        }
    }

    private static final boolean SLASH_SEPARATED = "/".equals(FileSystems.getDefault().getSeparator());

    private FileSelector() {
    }

    /**
     * @param folderReal  the real path of the folder (as {@link Shares#resolveFolder(String)} returns it)
     * @param regexOrNull if given, a file is selected only if the pattern matches its whole relative path
     * @param recursive   whether to look into sub-folders (never through links)
     * @param maxFiles    the most files one query may select (positive)
     * @return the selected files sorted by relative path, so every run and every peer sees the same order
     * @throws TooManyFilesException     if more than {@code maxFiles} files match
     * @throws RegexTooComplexException  if matching the regex against one name takes too many steps
     * @throws IllegalArgumentException  if {@code folderReal} is not the real path of a folder
     */
    public static List<SelectedFile> select(Path folderReal, Pattern regexOrNull, boolean recursive, int maxFiles)
            throws IOException {
        checkFolder(folderReal);
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles must be positive, got " + maxFiles);
        }
        Collector collector = new Collector(folderReal, regexOrNull, maxFiles);
        Files.walkFileTree(folderReal, Set.of(), recursive ? Integer.MAX_VALUE : 1, collector);
        List<SelectedFile> files = collector.selected;
        files.sort(Comparator.comparing(SelectedFile::relativePath));
        return List.copyOf(files);
    }

    /** Real, because containment of linked files is judged against it and must not be fooled by a link. */
    private static void checkFolder(Path folderReal) throws IOException {
        Objects.requireNonNull(folderReal, "folderReal");
        if (!Files.isDirectory(folderReal) || !folderReal.equals(folderReal.toRealPath())) {
            throw new IllegalArgumentException("expected the real path of a folder, got " + folderReal);
        }
    }

    /** Walks the tree once, keeping what matches; stops as soon as the limit is passed. */
    private static final class Collector extends SimpleFileVisitor<Path> {
        private final Path folder;
        private final Pattern regex;
        private final int maxFiles;
        private final List<SelectedFile> selected = new ArrayList<>();

        Collector(Path folder, Pattern regex, int maxFiles) {
            this.folder = folder;
            this.regex = regex;
            this.maxFiles = maxFiles;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (!(attrs.isRegularFile() || attrs.isSymbolicLink()) || UploadTarget.isTemporary(file)) {
                return FileVisitResult.CONTINUE;
            }
            String relative = relative(file);
            if (!matches(relative)) {
                return FileVisitResult.CONTINUE;
            }
            SelectedFile found = attrs.isSymbolicLink()
                    ? throughLink(file, relative)
                    : new SelectedFile(relative, new SharedFile(file, attrs));
            if (found != null) {
                add(found);
            }
            return FileVisitResult.CONTINUE;
        }

        /** An unreadable sub-folder is skipped so one bad entry does not make the whole share unusable. */
        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (file.equals(folder)) {
                throw exc;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null && dir.equals(folder)) {
                throw exc;
            }
            return FileVisitResult.CONTINUE;
        }

        private void add(SelectedFile file) throws TooManyFilesException {
            if (selected.size() >= maxFiles) {
                throw new TooManyFilesException(maxFiles);
            }
            selected.add(file);
        }

        private boolean matches(String relative) throws RegexTooComplexException {
            if (regex == null) {
                return true;
            }
            try {
                return regex.matcher(new BoundedCharSequence(relative, MAX_REGEX_READS_PER_FILE)).matches();
            } catch (BoundedCharSequence.BudgetExceeded | StackOverflowError e) {
                // java.util.regex recurses once per character for some alternations: on a long path that
                // overflows the stack before the budget runs out. The stack unwinds to here intact.
                throw new RegexTooComplexException(regex.pattern());
            }
        }

        /** A linked file, described by its target, if that is a regular file inside the folder; else null. */
        private SelectedFile throughLink(Path link, String relative) {
            try {
                Path real = link.toRealPath();
                if (!real.startsWith(folder) || UploadTarget.isTemporary(real)) {
                    return null;
                }
                BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
                if (!attrs.isRegularFile()) {
                    return null;
                }
                return new SelectedFile(relative, new SharedFile(real, attrs));
            } catch (IOException e) {
                // Dangling, looping, or gone since the walk saw it: nothing to serve.
                return null;
            }
        }

        private String relative(Path file) {
            Path rel = folder.relativize(file);
            if (SLASH_SEPARATED) {
                return rel.toString(); // already the wire's form, without a list and a join per file
            }
            List<String> names = new ArrayList<>(rel.getNameCount());
            for (Path name : rel) {
                names.add(name.toString());
            }
            return String.join("/", names);
        }
    }
}
