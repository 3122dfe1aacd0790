package dev.swarmnet.internal.files;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A regular file found in a share: the share, its folder inside it ('/'-separated, "" for the share itself),
 * its name, and its attributes as read when it was found (while listing, or when asked for). Senders use these
 * attributes as the "before" of their changed-while-sent check, so a file is not asked for them twice.
 *
 * @param sharePath the share's real path (for the checksum cache, which keys a file by its path too)
 */
public record SharedFile(int share, Path sharePath, String folder, String name, BasicFileAttributes attrs) {
    public SharedFile {
        Objects.requireNonNull(sharePath, "sharePath");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(attrs, "attrs");
    }

    /**
     * Its path inside its share ('/'-separated): where a file asked for by name lands below the receiver's folder,
     * however it was asked for (relative to the share, or by an absolute path through the share's folder).
     */
    public String pathInShare() {
        return folder.isEmpty() ? name : folder + "/" + name;
    }

    /** Where the file is, as a path: for messages and path-keyed caches, never to open it. */
    public Path path() {
        return folder.isEmpty() ? sharePath.resolve(name) : sharePath.resolve(folder).resolve(name);
    }
}
