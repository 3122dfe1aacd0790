package dev.swarmnet;

/**
 * Progress of a file transfer, cheap enough to drive a progress bar. Methods may be called from
 * several connections' threads at once (a swarm), so implementations must be thread-safe; they run
 * on the transfer's threads and should return quickly.
 */
public interface TransferListener {
    /** Does nothing. */
    TransferListener NONE = new TransferListener() {
    };

    /**
     * The transfer knows its work: {@code files} files of {@code bytes} bytes in all. Called once; for a
     * download, when the gateway's listing has ended (files may have started moving before).
     */
    default void transferPlanned(int files, long bytes) {
    }

    /**
     * A download's listing arrives in parts while the gateway walks its folders, and files start moving from
     * the first part: {@code files} files of {@code bytes} bytes are listed so far (running totals; the last
     * call is followed by {@link #transferPlanned} with the same figures). Called on the thread that reads the
     * listing, before the files of this part are asked for.
     */
    default void filesListed(int files, long bytes) {
    }

    /** A file (or its first piece) started moving. */
    default void fileStarted(String path, long size) {
    }

    /** {@code count} more payload bytes arrived (reported per block, not per file). */
    default void bytesMoved(long count) {
    }

    /** A file is complete and verified ({@code ok}), or failed for good. */
    default void fileFinished(String path, boolean ok) {
    }
}
