package dev.swarmnet.internal.files;

import dev.swarmnet.SwarmnetException;

/**
 * A folder query matched more files than the gateway allows in one request. Refusing beats serving a
 * truncated list: the client would otherwise believe it received the whole folder.
 */
public final class TooManyFilesException extends SwarmnetException {
    private static final long serialVersionUID = 1L;

    private final int limit;

    /** @param limit the most files one query may select (positive) */
    public TooManyFilesException(int limit) {
        super("more than " + requirePositive(limit) + (limit == 1 ? " file matches" : " files match")
                + " the query; narrow it with a regex or a sub-folder, or raise the gateway's limit");
        this.limit = limit;
    }

    /** The most files one query may select. */
    public int limit() {
        return limit;
    }

    private static int requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        return limit;
    }
}
