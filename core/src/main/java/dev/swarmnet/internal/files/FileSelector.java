package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The regular files a folder query selects, found by walking the folder's tree through open folder handles and
 * handed out a part at a time while the walk goes on, so a listing can be sent (and its files fetched) before
 * the walk ends. Depth first, in the order of the files' relative paths, so every run and every peer sees the
 * same order. Links are never followed, to a file or a folder (one could lead out, or be swapped in): they are
 * skipped, or if asked for, reported as links with their text ({@link LinkTargets}); devices, pipes
 * and sockets are skipped (reading a pipe would block a handler), and so are files still being received: each
 * of these is reported ({@link #takeOthers}), so the receiver learns what it does not get. So are the sub-folders of
 * a recursive walk without a regex, with their attributes, so that the receiver creates empty ones and sets
 * their times and modes. The attributes read while walking are the ones the sender uses. Not thread-safe; close
 * it to release the handles it holds (one per folder between the start and the one being read).
 */
public final class FileSelector implements AutoCloseable {
    /**
     * One file chosen by a folder query.
     *
     * @param relativePath its name relative to the requested folder, '/'-separated, as sent on the wire
     * @param file         where it is and its attributes when selected: the "before" of a send that follows
     */
    public record SelectedFile(String relativePath, SharedFile file) {
        public SelectedFile {
            Objects.requireNonNull(relativePath, "relativePath");
            Objects.requireNonNull(file, "file");
            if (relativePath.isEmpty()) {
                throw new IllegalArgumentException("relativePath must not be empty");
            }
        }

        /** Its size in bytes when selected. */
        public long size() {
            return file.attrs().size();
        }

        /** Its modification time when selected, in nanoseconds since the epoch. */
        public long mtimeNanos() {
            return FileModes.nanos(file.attrs().lastModifiedTime());
        }

        /** Its permission bits when selected ({@link FileModes}). */
        public int mode() {
            return FileModes.of(file.attrs());
        }
    }

    /**
     * An entry the walk met besides the files it selects: a sub-folder ({@code attrs}, its attributes), a link to
     * send as a link ({@code attrs}, the link's own, and {@code text}, its target) or an entry it does not deliver
     * ({@code text}, the reason in words): one it skips, or one it fails (its name cannot be sent).
     */
    public record Other(String relativePath, Kind kind, BasicFileAttributes attrs, String text) {
        /** What the entry is to the receiver. */
        public enum Kind {
            /** A sub-folder, for the receiver to create with its attributes. */
            FOLDER,
            /** A link whose target stays inside the requested folder, for the receiver to make as a link. */
            LINK,
            /** Not delivered, and not a failure: a link, a special file, a file still being received. */
            SKIPPED,
            /** Not delivered, a failure: the receiver reports it as a file that failed. */
            FAILED
        }

        public Other {
            Objects.requireNonNull(relativePath, "relativePath");
            Objects.requireNonNull(kind, "kind");
            boolean hasAttrs = kind == Kind.FOLDER || kind == Kind.LINK;
            if (hasAttrs != (attrs != null) || (kind == Kind.FOLDER) == (text != null)) {
                throw new IllegalArgumentException("a folder has attributes, a link attributes and a target, an entry"
                        + " not delivered a reason");
            }
        }

        static Other folder(String relativePath, BasicFileAttributes attrs) {
            return new Other(relativePath, Kind.FOLDER, Objects.requireNonNull(attrs, "attrs"), null);
        }

        static Other link(String relativePath, BasicFileAttributes attrs, String target) {
            return new Other(relativePath, Kind.LINK, Objects.requireNonNull(attrs, "attrs"),
                    Objects.requireNonNull(target, "target"));
        }

        static Other skipped(String relativePath, String reason) {
            return new Other(relativePath, Kind.SKIPPED, null, reason);
        }

        /** Why it is not delivered; null for a folder or a link. */
        public String reason() {
            return kind == Kind.SKIPPED || kind == Kind.FAILED ? text : null;
        }
    }

    /** The reasons given for skipped entries. */
    public static final String LINK = "a link";
    public static final String SPECIAL = "a special file";
    public static final String BEING_RECEIVED = "a file still being received";
    public static final String UNREADABLE = "could not be read";
    /** Why an entry whose name is not valid UTF-8 fails (its bad bytes are shown as \xNN in its path). */
    public static final String NOT_UTF8 = "the name is not valid UTF-8 on the gateway (bad bytes shown as \\xNN);"
            + " it cannot be sent under its name: rename it there";

    /** One folder being read: its handle, names in order, their attributes, and how far the walk got. */
    private static final class Level {
        final Folder folder;
        /** Relative to the requested folder, with a trailing '/' ("" for the requested folder itself). */
        final String relative;
        /** Relative to the share, without a trailing '/' ("" for the share itself). */
        final String inShare;
        final List<String> names;
        final BasicFileAttributes[] attrs;
        int next;

        Level(Folder folder, String relative, String inShare, List<String> names, BasicFileAttributes[] attrs) {
            this.folder = folder;
            this.relative = relative;
            this.inShare = inShare;
            this.names = names;
            this.attrs = attrs;
        }
    }

    private final int share;
    private final Path sharePath;
    private final Pattern regex;
    private final boolean recursive;
    private final boolean links;
    private final QueryBudget budget;
    private final AttributeReader reader;
    private final Deque<Level> levels = new ArrayDeque<>();
    private final List<Other> others = new ArrayList<>();

    /**
     * Starts the walk: the requested folder is read now (an unreadable one fails here; an unreadable sub-folder
     * later is skipped, so one bad entry does not make the whole share unusable).
     *
     * @param start     the requested folder, opened for this walk alone (it is closed with it)
     * @param share     the share it is in, and {@code sharePath} that share's real path
     * @param inShare   its path inside the share ('/'-separated, "" for the share)
     * @param regex     if not null, a file is selected only if it matches its whole relative path
     * @param recursive whether to look into sub-folders
     * @param budget    what the walk may cost, and whether it is still wanted
     */
    public FileSelector(Folder start, int share, Path sharePath, String inShare, Pattern regex, boolean recursive,
            QueryBudget budget, AttributeReader reader) throws IOException {
        this(start, share, sharePath, inShare, regex, recursive, false, budget, reader);
    }

    /**
     * As above; with {@code links}, a link whose target stays inside the requested folder ({@link LinkTargets})
     * is reported as a link to send as one ({@link Other#isLink()}), and any other link as skipped with the
     * reason. Without, every link is skipped as {@link #LINK}.
     */
    public FileSelector(Folder start, int share, Path sharePath, String inShare, Pattern regex, boolean recursive,
            boolean links, QueryBudget budget, AttributeReader reader) throws IOException {
        this.share = share;
        this.links = links;
        this.sharePath = Objects.requireNonNull(sharePath, "sharePath");
        this.regex = regex;
        this.recursive = recursive;
        this.reader = Objects.requireNonNull(reader, "reader");
        this.budget = Objects.requireNonNull(budget, "budget");
        try {
            levels.push(read(start, "", inShare));
        } catch (IOException | RuntimeException e) {
            start.close();
            throw e;
        }
    }

    /**
     * Every file a folder query selects at once (tests and tools; a gateway streams with {@link #next}).
     *
     * @param folder a folder, opened by path
     */
    public static List<SelectedFile> select(Path folder, Pattern regex, boolean recursive, int maxFiles)
            throws IOException {
        return select(folder, regex, recursive, maxFiles, AttributeReader.SERIAL);
    }

    /** As {@link #select(Path, Pattern, boolean, int)}, reading attributes with {@code reader}. */
    public static List<SelectedFile> select(Path folder, Pattern regex, boolean recursive, int maxFiles,
            AttributeReader reader) throws IOException {
        List<SelectedFile> all = new ArrayList<>();
        try (FileSelector walk = new FileSelector(Folder.open(folder), 0, folder, "", regex, recursive,
                QueryBudget.forFiles(maxFiles), reader)) {
            for (List<SelectedFile> part = walk.next(1024); !part.isEmpty(); part = walk.next(1024)) {
                all.addAll(part);
            }
        }
        return all;
    }

    /**
     * The next files the walk selects, at most {@code max}; empty when the walk is over.
     *
     * @throws TooManyFilesException    when more than maxFiles files match
     * @throws RegexTooComplexException when matching the regex against one name takes too many steps
     * @throws QueryTooCostlyException  when the walk as a whole passes its budget
     * @throws IOException              also when the walk is no longer wanted (see {@link QueryBudget})
     */
    public List<SelectedFile> next(int max) throws IOException {
        List<SelectedFile> part = new ArrayList<>(Math.min(max, 256));
        while (part.size() < max && !levels.isEmpty()) {
            Level level = levels.peek();
            if (level.next == level.names.size()) {
                levels.pop().folder.close();
                continue;
            }
            int i = level.next++;
            budget.visit();
            BasicFileAttributes a = level.attrs[i];
            String name = level.names.get(i);
            String relative = level.relative + name;
            if (a == null) {
                skip(relative, UNREADABLE); // gone since the folder was read, or unreadable
            } else if (a.isDirectory()) {
                if (recursive) {
                    descend(level, name, a);
                }
            } else if (a.isSymbolicLink()) {
                link(level, name, relative, a);
            } else if (!a.isRegularFile()) {
                skip(relative, SPECIAL);
            } else if (UploadTarget.isTemporaryName(name)) {
                skip(relative, BEING_RECEIVED);
            } else if (matches(relative)) {
                budget.select();
                part.add(new SelectedFile(relative, new SharedFile(share, sharePath, level.inShare, name, a)));
            }
        }
        return part;
    }

    /**
     * The sub-folders and the entries not delivered met since the last call, in the walk's order. A caller
     * streaming the walk takes them after each {@link #next}; the last call after the walk is over takes the rest.
     */
    public List<Other> takeOthers() {
        if (others.isEmpty()) {
            return List.of();
        }
        List<Other> taken = List.copyOf(others);
        others.clear();
        return taken;
    }

    /**
     * A link: skipped, unless links are wanted and this one's target stays inside the requested folder; then
     * reported with its text, if a regex wants it (and counted as a selected entry).
     */
    private void link(Level level, String name, String relative, BasicFileAttributes attrs) throws IOException {
        if (!links) {
            skip(relative, LINK);
            return;
        }
        if (UploadTarget.isTemporaryName(name)) {
            skip(relative, BEING_RECEIVED); // a link a download is placing here: it takes its name when made
            return;
        }
        if (!matches(relative)) {
            return;
        }
        Path target;
        try {
            target = level.folder.readLink(name);
        } catch (java.io.InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            others.add(Other.skipped(relative, UNREADABLE)); // gone, swapped, or its folder moved
            return;
        }
        String text = target.toString();
        String refusal = ExactNames.isExact(target) ? LinkTargets.refusal(relative, text) : LinkTargets.NOT_UTF8;
        if (refusal != null) {
            others.add(Other.skipped(relative, refusal));
            return;
        }
        budget.select();
        others.add(Other.link(relative, attrs, text));
    }

    private void skip(String relative, String reason) throws IOException {
        notDelivered(relative, Other.Kind.SKIPPED, reason);
    }

    /** Reports an entry not delivered, unless a regex says it was not wanted anyway. */
    private void notDelivered(String relative, Other.Kind kind, String reason) throws IOException {
        if (matches(relative)) {
            others.add(new Other(relative, kind, null, reason));
        }
    }

    /**
     * Opens and reads a sub-folder; one that cannot be (unreadable, or swapped for a link) is skipped. Without a
     * regex the folder itself is reported too (with a regex only matching files are wanted, and their folders
     * are made as they need them).
     */
    private void descend(Level parent, String name, BasicFileAttributes attrs) throws IOException {
        budget.descend(levels.size());
        String relative = parent.relative + name;
        Folder child;
        try {
            child = parent.folder.openFolder(name);
        } catch (LinkRefusedException e) {
            skip(relative, LINK); // swapped for a link since it was listed
            return;
        } catch (IOException e) {
            skip(relative, UNREADABLE);
            return;
        }
        try {
            Level level = read(child, relative + "/", parent.inShare.isEmpty() ? name : parent.inShare + "/" + name);
            if (regex == null) {
                others.add(Other.folder(relative, attrs));
            }
            levels.push(level);
        } catch (java.io.InterruptedIOException e) {
            child.close();
            throw e;
        } catch (IOException e) {
            child.close();
            skip(relative, UNREADABLE);
        }
    }

    /**
     * Reads a folder's entries and their attributes, in the order of their relative paths: a sub-folder sorts
     * as its name and a '/', so the walk hands out files in the order of their whole relative paths.
     */
    private Level read(Folder folder, String relative, String inShare) throws IOException {
        Folder.Listing listing = folder.list();
        for (String shown : listing.notUtf8()) {
            // Neither sent under a changed name nor left out silently: it fails, and a folder is not walked.
            notDelivered(relative + shown, Other.Kind.FAILED, NOT_UTF8);
        }
        List<String> names = listing.names();
        BasicFileAttributes[] attrs = reader.read(folder, names);
        Integer[] order = new Integer[names.size()];
        String[] keys = new String[names.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            keys[i] = attrs[i] != null && attrs[i].isDirectory() ? names.get(i) + "/" : names.get(i);
        }
        Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
        List<String> sortedNames = new ArrayList<>(order.length);
        BasicFileAttributes[] sortedAttrs = new BasicFileAttributes[order.length];
        for (int i = 0; i < order.length; i++) {
            sortedNames.add(names.get(order[i]));
            sortedAttrs[i] = attrs[order[i]];
        }
        return new Level(folder, relative, inShare, sortedNames, sortedAttrs);
    }

    private boolean matches(String relative) throws RegexTooComplexException, QueryTooCostlyException {
        if (regex == null) {
            return true;
        }
        long allowance = budget.regexAllowance();
        BoundedCharSequence name = new BoundedCharSequence(relative, Math.max(1, allowance));
        try {
            return regex.matcher(name).matches();
        } catch (BoundedCharSequence.BudgetExceeded e) {
            if (budget.isQueryAllowance(allowance)) {
                throw QueryTooCostlyException.regex(QueryBudget.MAX_REGEX_READS);
            }
            throw new RegexTooComplexException(regex.pattern());
        } catch (StackOverflowError e) {
            // java.util.regex recurses once per character for some alternations: on a long path that
            // overflows the stack before the budget runs out. The stack unwinds to here intact.
            throw new RegexTooComplexException(regex.pattern());
        } finally {
            budget.regexRead(name.reads());
        }
    }

    /** Closes the folders still open (the walk ended early, or failed). */
    @Override
    public void close() throws IOException {
        while (!levels.isEmpty()) {
            levels.pop().folder.close();
        }
    }
}
