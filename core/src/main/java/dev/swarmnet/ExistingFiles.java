package dev.swarmnet;

/**
 * What a transfer does with a file that is already at its destination (both directions: a download's local
 * file, an upload's file in the gateway's download dir). Set with {@link Controller.Builder#existingFiles}.
 */
public enum ExistingFiles {
    /**
     * Sends the file unless the destination holds a regular file of the same size and modification time (to the
     * millisecond): rsync's quick check. A file skipped so is counted in {@link TransferReport#unchanged()}. The
     * default. A downloaded link ({@link FileQuery#links}) is left alone if a link with the same target text is
     * there.
     */
    SKIP_UNCHANGED,
    /**
     * Sends the file unless the destination holds a regular file of the same size and the same CRC32C of its whole
     * content, whatever its modification time (rsync's {@code --checksum}). Both sides read every file whose
     * size matches: slower than {@link #SKIP_UNCHANGED}, for trees whose times cannot be trusted. A file skipped
     * so is counted in {@link TransferReport#unchanged()}, and takes the source's modification time if it had
     * another (as rsync {@code -c -t} does); permission bits are left as they are.
     */
    SKIP_SAME_CONTENT,
    /**
     * Never replaces a regular file at the destination, whatever it holds (rsync's {@code --ignore-existing}); nor
     * a file or link where a downloaded link goes.
     */
    SKIP_EXISTING,
    /** Always sends, replacing what is there. */
    REPLACE
}
