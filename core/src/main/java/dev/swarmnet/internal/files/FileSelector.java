package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
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
        return select(folderReal, regexOrNull, recursive, maxFiles, AttributeReader.SERIAL);
    }

    /** As {@link #select(Path, Pattern, boolean, int)}, reading the entries' attributes with {@code reader}. */
    public static List<SelectedFile> select(Path folderReal, Pattern regexOrNull, boolean recursive, int maxFiles,
            AttributeReader reader) throws IOException {
        checkFolder(folderReal);
        Objects.requireNonNull(reader, "reader");
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles must be positive, got " + maxFiles);
        }
        Collector collector = new Collector(folderReal, regexOrNull, maxFiles, reader);
        collector.walk(folderReal, recursive ? Integer.MAX_VALUE : 1, true);
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

    /**
     * Walks the tree once, depth first, keeping what matches; stops as soon as the limit is passed. A folder
     * is read a block of entries at a time (a huge one is never held whole), the block's attributes read
     * together by the {@link AttributeReader}.
     */
    private static final class Collector {
        /** Entries of one folder handled together. */
        private static final int BLOCK = 4096;

        private final Path folder;
        private final Pattern regex;
        private final int maxFiles;
        private final AttributeReader reader;
        private final List<SelectedFile> selected = new ArrayList<>();

        Collector(Path folder, Pattern regex, int maxFiles, AttributeReader reader) {
            this.folder = folder;
            this.regex = regex;
            this.maxFiles = maxFiles;
            this.reader = reader;
        }

        /**
         * The entries of {@code dir}, and of its sub-folders while {@code depth} allows. The requested folder
         * must be readable; an unreadable sub-folder is skipped, so one bad entry does not make the whole
         * share unusable.
         */
        void walk(Path dir, int depth, boolean requested) throws IOException {
            DirectoryStream<Path> stream;
            try {
                stream = Files.newDirectoryStream(dir);
            } catch (IOException e) {
                if (requested) {
                    throw e;
                }
                return;
            }
            try (stream) {
                Iterator<Path> entries = stream.iterator();
                boolean more = true;
                while (more) {
                    List<Path> block = new ArrayList<>();
                    try {
                        while (block.size() < BLOCK && entries.hasNext()) {
                            block.add(entries.next());
                        }
                        more = block.size() == BLOCK;
                    } catch (DirectoryIteratorException e) {
                        if (requested) {
                            throw e.getCause();
                        }
                        more = false; // the rest of an unreadable sub-folder is skipped
                    }
                    visit(block, depth);
                }
            }
        }

        private void visit(List<Path> block, int depth) throws IOException {
            BasicFileAttributes[] attrs = reader.read(block);
            for (int i = 0; i < block.size(); i++) {
                BasicFileAttributes a = attrs[i];
                if (a == null) {
                    continue; // gone since the folder was read, or unreadable: nothing to serve
                }
                if (a.isDirectory()) {
                    if (depth > 1) {
                        walk(block.get(i), depth - 1, false); // never through a link: lstat says link, not folder
                    }
                } else {
                    visitFile(block.get(i), a);
                }
            }
        }

        private void visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (!(attrs.isRegularFile() || attrs.isSymbolicLink()) || UploadTarget.isTemporary(file)) {
                return;
            }
            String relative = relative(file);
            if (!matches(relative)) {
                return;
            }
            SelectedFile found = attrs.isSymbolicLink()
                    ? throughLink(file, relative)
                    : new SelectedFile(relative, new SharedFile(file, attrs));
            if (found != null) {
                add(found);
            }
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
