package dev.swarmnet;

import dev.swarmnet.internal.files.Globs;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which files to download: a folder on the gateway (optionally filtered by a regex matched against
 * each file's path relative to the folder, and by include and exclude globs; optionally recursive), or explicit
 * file paths. Paths are absolute paths inside one of the gateway's shares, or paths relative to a share.
 * Immutable.
 *
 * <pre>{@code FileQuery.folder("logs").regex(".+\\.log").recursive(true)}
 * {@code FileQuery.folder("src").recursive(true).include("**}{@code /*.java").exclude("build/", "*.tmp")}</pre>
 */
public final class FileQuery {
    private final String folder;
    private final String regex;
    private final boolean recursive;
    private final List<String> files;
    private final List<String> includes;
    private final List<String> excludes;
    private final boolean links;

    private FileQuery(String folder, String regex, boolean recursive, List<String> files, List<String> includes,
            List<String> excludes, boolean links) {
        this.folder = folder;
        this.regex = regex;
        this.recursive = recursive;
        this.files = files;
        this.includes = includes;
        this.excludes = excludes;
        this.links = links;
    }

    private FileQuery(String folder, String regex, boolean recursive, List<String> files) {
        this(folder, regex, recursive, files, List.of(), List.of(), false);
    }

    /** Every regular file directly in {@code folder} (add {@link #recursive(boolean)} for sub-folders). */
    public static FileQuery folder(String folder) {
        Objects.requireNonNull(folder, "folder");
        if (folder.isEmpty()) {
            throw new IllegalArgumentException("folder must not be empty");
        }
        return new FileQuery(folder, null, false, List.of());
    }

    /**
     * These files; each lands in the download folder under its path inside its share, however it is named (so
     * {@code a/x} and {@code b/x} arrive as {@code a/x} and {@code b/x}, and {@code /srv/share/a/x} for a share
     * {@code /srv/share} as {@code a/x}).
     */
    public static FileQuery files(String... paths) {
        Objects.requireNonNull(paths, "paths");
        if (paths.length == 0) {
            throw new IllegalArgumentException("name at least one file");
        }
        for (String p : paths) {
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("file paths must be non-empty");
            }
        }
        return new FileQuery(null, null, false, List.of(paths));
    }

    /** Only files whose path relative to the folder matches {@code regex} entirely (java.util.regex). */
    public FileQuery regex(String regex) {
        requireFolder("regex");
        Objects.requireNonNull(regex, "regex");
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regex: " + e.getMessage(), e);
        }
        return new FileQuery(folder, regex, recursive, files, includes, excludes, links);
    }

    /**
     * Only files matching one of these globs (rsync-like: {@code *} within a name, {@code **} across folders,
     * {@code ?}, {@code [...]}; a glob without '/' matches a name at any depth, a folder's name everything in it;
     * a trailing '/' matches folders only). Adds to the includes given before; with {@link #regex} a file must
     * match both.
     */
    public FileQuery include(String... globs) {
        return new FileQuery(folder, regex, recursive, files, plus(includes, "include", globs), excludes, links);
    }

    /** No file matching one of these globs (as {@link #include}), whatever else matches it. */
    public FileQuery exclude(String... globs) {
        return new FileQuery(folder, regex, recursive, files, includes, plus(excludes, "exclude", globs), links);
    }

    private List<String> plus(List<String> to, String what, String... globs) {
        requireFolder(what);
        Objects.requireNonNull(globs, "globs");
        List<String> all = new java.util.ArrayList<>(to);
        for (String g : globs) {
            all.add(Globs.check(g));
        }
        return List.copyOf(all);
    }

    /** The include globs (empty: every file). */
    public List<String> includes() {
        return includes;
    }

    /** The exclude globs. */
    public List<String> excludes() {
        return excludes;
    }

    /**
     * The one regex the gateway applies: {@link #regex} and the globs together (see docs/PROTOCOL.md,
     * "Listing"); null when nothing narrows the folder.
     */
    public String selection() {
        return Globs.combine(regex, includes, excludes);
    }

    /** Whether to include sub-folders (kept as sub-folders in the download folder). */
    public FileQuery recursive(boolean recursive) {
        requireFolder("recursive");
        return new FileQuery(folder, regex, recursive, files, includes, excludes, links);
    }

    /**
     * Whether symbolic links travel as links (rsync's {@code -l}): a link the walk meets whose target, read as
     * text and resolved relative to the link's folder without following anything, stays inside {@link #folder()}
     * is recreated at the destination as a link with the same target text, dangling or not. Absolute links and
     * links leading out of the folder are not sent, and are reported in {@link TransferReport#skipped()}; so is
     * every link without this option. Links are never followed, on either side.
     */
    public FileQuery links(boolean links) {
        requireFolder("links");
        return new FileQuery(folder, regex, recursive, files, includes, excludes, links);
    }

    /** Whether links travel as links ({@link #links(boolean)}). */
    public boolean keepsLinks() {
        return links;
    }

    /** The folder, or null for a list of files. */
    public String folder() {
        return folder;
    }

    /** The regex, or null. */
    public String regex() {
        return regex;
    }

    /** Whether the query walks the folder's subfolders too. */
    public boolean isRecursive() {
        return recursive;
    }

    /** The explicit files (empty for a folder query). */
    public List<String> files() {
        return files;
    }

    private void requireFolder(String what) {
        if (folder == null) {
            throw new IllegalStateException(what + " applies to FileQuery.folder(...), not to a list of files");
        }
    }

    @Override
    public String toString() {
        return folder != null
                ? "folder " + folder + (regex != null ? " matching " + regex : "")
                        + (includes.isEmpty() ? "" : " including " + includes)
                        + (excludes.isEmpty() ? "" : " excluding " + excludes) + (recursive ? " (recursive)" : "")
                        + (links ? " (links as links)" : "")
                : "files " + files;
    }
}
