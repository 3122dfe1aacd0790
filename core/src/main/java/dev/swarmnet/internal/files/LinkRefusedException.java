package dev.swarmnet.internal.files;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A link stands where a folder or a file was expected. Links are never followed below a share or the download
 * folder: one could lead out, or be swapped in while a transfer runs. The message names only the entry, never
 * the folder's path on this host.
 */
public final class LinkRefusedException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    LinkRefusedException(Path folder, String name) {
        super(name, null, "it is a link, and links are not followed");
    }
}
