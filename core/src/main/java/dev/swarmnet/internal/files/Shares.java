package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.HashMap;
import java.util.Map;

/**
 * The folders a gateway serves, and the only way to turn a client's path into a real file or folder.
 *
 * <p>A request is checked as a string first ({@link RequestedPath}), then followed one name at a time from a
 * share's real path; after every step the real path (symlinks resolved) must still lie inside a share. Checking
 * each step, not just the end, means a link that leads out is refused whether or not its target exists, so a
 * client cannot probe the gateway's disk through it. Containment uses {@link Path#startsWith(Path)} on real
 * paths, which compares whole names: {@code /srv/share-evil} is not inside {@code /srv/share}.
 *
 * <p>Not defended: a local user who can swap folders for links inside a share between this check and the read.
 * Clients cannot create links (uploads only create regular files), so this stays with the gateway's owner.
 *
 * <p>Immutable and safe to use from many handler threads.
 */
public final class Shares {
    private final List<Share> shares;

    /** One shared folder: as configured (what clients see in tutorials and logs) and as it really is. */
    private record Share(Path named, Path real) {
        /** The paths a client may name this share by; one when they agree, to walk it once. */
        List<Path> names() {
            return named.equals(real) ? List.of(real) : List.of(named, real);
        }
    }

    /**
     * @param shares the folders to serve, each an existing directory; order matters: a relative request is
     *               looked up in each share in turn and the first that has it wins, but a link leading out met
     *               on the way is refused at once rather than skipped (refusing is the safe answer)
     * @throws IllegalArgumentException if one is not an existing directory
     * @throws IOException              if a folder's real path cannot be read
     */
    public Shares(List<Path> shares) throws IOException {
        Objects.requireNonNull(shares, "shares");
        List<Share> opened = new ArrayList<>(shares.size());
        for (Path folder : shares) {
            opened.add(open(folder));
        }
        this.shares = List.copyOf(opened);
    }

    /** True when nothing is shared: the gateway must then refuse every download. */
    public boolean isEmpty() {
        return shares.isEmpty();
    }

    /** The real paths of the shared folders, in order (for the gateway's own logs, not for clients). */
    public List<Path> realPaths() {
        return shares.stream().map(Share::real).toList();
    }

    /**
     * The real path of the folder a client asked for: a share, or a folder inside one.
     *
     * @param requested from the client: absolute (a share or inside one) or relative to a share
     * @throws ForbiddenPathException if the request is malformed or leads outside every share
     * @throws NoSuchFileException    if no share holds such a folder (the message names only the request)
     */
    public Path resolveFolder(String requested) throws IOException {
        return resolve(requested, true, Map.of()).path();
    }

    /**
     * The real path of the regular file a client asked for, inside a share.
     *
     * @param requested from the client: absolute (inside a share) or relative to a share
     * @throws ForbiddenPathException if the request is malformed or leads outside every share
     * @throws NoSuchFileException    if no share holds such a regular file (the message names only the request)
     */
    public Path resolveFile(String requested) throws IOException {
        return findFile(requested, new FolderCache()).path();
    }

    /**
     * As {@link #resolveFile}, with the file's attributes, walking each folder on the way once per
     * {@code cache}: a batch of files from one folder costs one lookup per file, not one per path component.
     * Give each batch a new cache, so that what it remembers is as fresh as the batch.
     */
    public SharedFile findFile(String requested, FolderCache cache) throws IOException {
        Objects.requireNonNull(cache, "cache");
        return resolve(requested, false, cache.parents);
    }

    /** The folders met while resolving one batch of requests; not thread-safe. */
    public static final class FolderCache {
        private final Map<String, List<Path>> parents = new HashMap<>();
    }

    /**
     * The path of {@code realFile} relative to the first share that holds it, '/'-separated for the wire
     * ("" for a share itself).
     *
     * @param realFile an absolute, normalised path inside a share, as returned by the resolve methods
     * @throws IllegalArgumentException if it is not absolute and normalised, or lies in no share
     */
    public String relativize(Path realFile) {
        Objects.requireNonNull(realFile, "realFile");
        // Path.startsWith is lexical: "/share/../etc" starts with "/share", so only normalised paths are safe.
        if (!realFile.isAbsolute() || !realFile.equals(realFile.normalize())) {
            throw new IllegalArgumentException("expected an absolute, normalised path, got " + realFile);
        }
        for (Share share : shares) {
            if (realFile.startsWith(share.real())) {
                return String.join("/", namesFrom(realFile, share.real().getNameCount()));
            }
        }
        throw new IllegalArgumentException("not inside a shared folder: " + realFile);
    }

    private static Share open(Path folder) throws IOException {
        Objects.requireNonNull(folder, "a shared folder");
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("a shared folder must be an existing directory: " + folder);
        }
        return new Share(folder.toAbsolutePath().normalize(), folder.toRealPath());
    }

    private SharedFile resolve(String requested, boolean folder, Map<String, List<Path>> parents)
            throws IOException {
        if (shares.isEmpty()) {
            throw new ForbiddenPathException(requested,
                    "this gateway shares no folder; its owner can share one with Gateway.builder().share(folder)");
        }
        RequestedPath path = RequestedPath.forReading(requested);
        List<String> names = path.names();
        SharedFile found = null;
        if (folder || names.isEmpty()) {
            found = firstWanted(starts(path, requested), folder, requested);
        } else {
            String key = (path.isAbsolute() ? "/" : "") + String.join("/", names.subList(0, names.size() - 1));
            List<Path> folders = parents.get(key);
            if (folders == null) {
                folders = parentFolders(path, requested);
                parents.put(key, folders);
            }
            for (Path parent : folders) {
                SharedFile candidate = step(parent, names.get(names.size() - 1), requested);
                if (candidate != null && candidate.isWanted(folder)) {
                    found = candidate;
                    break;
                }
            }
        }
        if (found == null) {
            throw new NoSuchFileException(requested, null, "no such " + (folder ? "folder" : "file")
                    + " in the shared folders");
        }
        return found;
    }

    /** Where a request may be found: per share that could hold it, its real path and the names inside it. */
    private record Start(Path real, List<String> names) {
    }

    /** In share order; relative requests may be in any share, absolute ones only in shares they name. */
    private List<Start> starts(RequestedPath path, String requested) throws ForbiddenPathException {
        List<Start> starts = new ArrayList<>();
        if (!path.isAbsolute()) {
            for (Share share : shares) {
                starts.add(new Start(share.real(), path.names()));
            }
            return starts;
        }
        Path asked = absolutePath(path.names(), requested);
        for (Share share : shares) {
            for (Path base : share.names()) {
                if (asked.startsWith(base)) {
                    starts.add(new Start(share.real(), namesFrom(asked, base.getNameCount())));
                }
            }
        }
        if (starts.isEmpty()) {
            throw new ForbiddenPathException(requested, "it is not a shared folder nor inside one");
        }
        return starts;
    }

    private SharedFile firstWanted(List<Start> starts, boolean folder, String requested) throws IOException {
        for (Start start : starts) {
            SharedFile found = start.names().isEmpty()
                    ? SharedFile.at(start.real())
                    : walk(start.real(), start.names(), requested);
            if (found != null && found.isWanted(folder)) {
                return found;
            }
        }
        return null;
    }

    /**
     * The real folders, in share order, that could hold the request's last name: the folders its other names
     * lead to from each start (a start that is the request itself holds nothing and is skipped).
     */
    private List<Path> parentFolders(RequestedPath path, String requested) throws IOException {
        List<Path> folders = new ArrayList<>();
        for (Start start : starts(path, requested)) {
            List<String> names = start.names();
            if (names.isEmpty()) {
                continue;
            }
            SharedFile parent = names.size() == 1
                    ? SharedFile.at(start.real())
                    : walk(start.real(), names.subList(0, names.size() - 1), requested);
            if (parent != null && parent.attrs().isDirectory()) {
                folders.add(parent.path());
            }
        }
        return folders;
    }

    /** Follows {@code names} from a share's real path; null if something on the way does not exist. */
    private SharedFile walk(Path start, List<String> names, String requested) throws IOException {
        SharedFile current = null;
        Path folder = start;
        for (String name : names) {
            current = step(folder, name, requested);
            if (current == null) {
                return null;
            }
            folder = current.path();
        }
        return current;
    }

    /** One name further, returning the real path, refused the moment it leaves every share. */
    private SharedFile step(Path current, String name, String requested) throws IOException {
        Path next = RequestedPath.child(current, name, requested);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(next, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null; // missing, or a file where a folder was needed: nothing there to serve
        }
        if (!attrs.isSymbolicLink()) {
            // A plain name (never "." or "..") that is not a link, inside a real folder, is itself a real
            // path: no need to resolve the whole path again (that costs a system call per component).
            return new SharedFile(next, attrs);
        }
        Path real;
        try {
            real = next.toRealPath();
        } catch (IOException e) {
            // A dangling or looping link, or one we may not follow: nothing there to serve. Its message would
            // name gateway paths, so it is not passed on.
            return null;
        }
        if (!isInsideAShare(real)) {
            throw new ForbiddenPathException(requested, "it leads outside the shared folders (through a link)");
        }
        return SharedFile.at(real);
    }

    private boolean isInsideAShare(Path real) {
        for (Share share : shares) {
            if (real.startsWith(share.real())) {
                return true;
            }
        }
        return false;
    }

    private static Path absolutePath(List<String> names, String requested) throws ForbiddenPathException {
        Path path = Path.of("/");
        for (String name : names) {
            path = RequestedPath.child(path, name, requested);
        }
        return path;
    }

    /** The names of {@code path} from index {@code from} on (from a share's name count: the names inside it). */
    private static List<String> namesFrom(Path path, int from) {
        List<String> names = new ArrayList<>();
        for (int i = from; i < path.getNameCount(); i++) {
            names.add(path.getName(i).toString());
        }
        return names;
    }
}
