package dev.swarmnet.internal.client.transfer;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A local file to upload and where it lands below the upload's dirname ('/'-separated).
 *
 * @param attrs its attributes as read when it was found (a walk reads them anyway), or null to read them when
 *              the upload is planned
 */
public record LocalFile(Path source, String dest, BasicFileAttributes attrs) {
    public LocalFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dest, "dest");
    }

    /** A file named on its own: it lands under its own name. */
    public static LocalFile named(Path file) {
        Path name = file.getFileName();
        return new LocalFile(file, name == null ? file.toString() : name.toString(), null);
    }
}
