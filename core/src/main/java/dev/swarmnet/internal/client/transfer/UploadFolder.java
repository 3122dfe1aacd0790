package dev.swarmnet.internal.client.transfer;

import java.util.Objects;

/**
 * A folder of an uploaded tree, placed on the gateway once its content is in: created (an empty one has no file
 * to make it) and given its modification time and, when permission bits travel, its mode.
 *
 * @param dest where it lands below the upload's dirname ('/'-separated; "" for the dirname itself)
 * @param mode its permission bits ({@code dev.swarmnet.internal.files.FileModes}), NONE for the gateway's default
 */
public record UploadFolder(String dest, long mtimeNanos, int mode) {
    public UploadFolder {
        Objects.requireNonNull(dest, "dest");
    }
}
