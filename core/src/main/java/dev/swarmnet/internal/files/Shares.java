package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The folders a gateway serves, and where a client's path may lie in them. A request is checked as a string
 * ({@link RequestedPath}) and becomes a share and the names inside it; those names are then followed one at a
 * time from the share's folder by a {@link ShareReader}, never through a link. Immutable and safe to use from
 * many handler threads.
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
     * Where a request may be found: the index of a share and the names inside it ("" joined: the share itself).
     */
    public record Location(int share, List<String> names) {
        public Location {
            names = List.copyOf(names);
        }

        /** The names up to the last, '/'-joined: the folder that holds the last name. */
        String parent() {
            return String.join("/", names.subList(0, Math.max(0, names.size() - 1)));
        }

        String last() {
            return names.get(names.size() - 1);
        }
    }

    /**
     * @param shares the folders to serve, each an existing directory; order matters: a relative request is
     *               looked up in each share in turn and the first that has it wins, but a link met on the way
     *               is refused at once rather than skipped (refusing is the safe answer)
     * @throws IllegalArgumentException if one is not an existing directory
     * @throws IOException              if a folder's real path cannot be read
     */
    public Shares(List<Path> shares) throws IOException {
        Objects.requireNonNull(shares, "shares");
        List<Share> opened = new ArrayList<>(shares.size());
        for (Path folder : shares) {
            Objects.requireNonNull(folder, "a shared folder");
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("a shared folder must be an existing directory: " + folder);
            }
            opened.add(new Share(folder.toAbsolutePath().normalize(), folder.toRealPath()));
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

    /** The real path of share {@code index}: where its folder is opened. */
    Path realPath(int index) {
        return shares.get(index).real();
    }

    /**
     * The places a request may name, in share order: a relative request may lie in any share, an absolute one
     * only in the shares it names (by their configured or their real path).
     *
     * @throws ForbiddenPathException if the request is malformed, names no share, or nothing is shared
     */
    public List<Location> locate(String requested) throws ForbiddenPathException {
        if (shares.isEmpty()) {
            throw new ForbiddenPathException(requested,
                    "this gateway shares no folder; its owner can share one with Gateway.builder().share(folder)");
        }
        RequestedPath path = RequestedPath.forReading(requested);
        List<Location> found = new ArrayList<>();
        if (!path.isAbsolute()) {
            for (int i = 0; i < shares.size(); i++) {
                found.add(new Location(i, path.names()));
            }
            return found;
        }
        Path asked = absolutePath(path.names(), requested);
        for (int i = 0; i < shares.size(); i++) {
            for (Path base : shares.get(i).names()) {
                if (asked.startsWith(base)) {
                    found.add(new Location(i, namesFrom(asked, base.getNameCount())));
                }
            }
        }
        if (found.isEmpty()) {
            throw new ForbiddenPathException(requested, "it is not a shared folder nor inside one");
        }
        return found;
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
