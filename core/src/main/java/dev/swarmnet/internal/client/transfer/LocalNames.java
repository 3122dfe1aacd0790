package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.internal.files.ExactNames;
import java.nio.file.Path;

/**
 * Whether a local file can be uploaded under its name: a name (or a folder on its path) whose bytes are not valid
 * UTF-8 would reach the gateway changed (U+FFFD for the bad bytes), and its path could not be opened again by its
 * string. Such a file fails alone, saying why; its neighbours are sent.
 */
final class LocalNames {
    /** Why a file whose own name is not valid UTF-8 is not sent. */
    static final String NOT_UTF8 = "the name is not valid UTF-8 (bad bytes shown as \\xNN); rename it to send it";

    private LocalNames() {
    }

    /** Why {@code file} cannot be sent under its name, or null when it can. */
    static String problem(Path file) {
        Path name = file.getFileName();
        if (name != null && !ExactNames.isExact(name)) {
            return NOT_UTF8;
        }
        if (!ExactNames.isExact(file)) {
            return "a folder on its path is not valid UTF-8 (bad bytes shown as \\xNN); move it to send it";
        }
        return null;
    }

    /**
     * The file as a report shows it, its bad bytes as {@code \xNN}: by its name, as an upload's other failures
     * are, when the name is the problem; by its whole path when a folder on it is.
     */
    static String shown(Path file) {
        Path name = file.getFileName();
        if (name != null && !ExactNames.isExact(name)) {
            return ExactNames.shown(file);
        }
        return file.toString();
    }
}
