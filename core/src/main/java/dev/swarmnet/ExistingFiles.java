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
     * Never replaces a regular file at the destination, whatever it holds (rsync's {@code --ignore-existing}); nor
     * a file or link where a downloaded link goes.
     */
    SKIP_EXISTING,
    /** Always sends, replacing what is there. */
    REPLACE
}
