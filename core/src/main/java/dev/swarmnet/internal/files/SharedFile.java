package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Something found in a share: its real path and its attributes as read when it was found (for a link, its
 * target's). Senders use these attributes as the "before" of their changed-while-sent check, so a file is
 * not asked for them twice.
 */
public record SharedFile(Path path, BasicFileAttributes attrs) {
    public SharedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(attrs, "attrs");
    }

    /** The real path's attributes, or null when it cannot be read (then there is nothing to serve). */
    static SharedFile at(Path real) {
        try {
            return new SharedFile(real, Files.readAttributes(real, BasicFileAttributes.class));
        } catch (IOException e) {
            return null;
        }
    }

    boolean isWanted(boolean folder) {
        return folder ? attrs.isDirectory() : attrs.isRegularFile();
    }
}
