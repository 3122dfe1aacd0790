package dev.swarmnet.internal.files;

import dev.swarmnet.SwarmnetException;

/**
 * A folder query needed more work than the gateway allows one request ({@link QueryBudget}). Refused, like a
 * query matching too many files: a cut-short listing would look like the whole folder.
 */
public final class QueryTooCostlyException extends SwarmnetException {
    private static final long serialVersionUID = 1L;

    private QueryTooCostlyException(String message) {
        super(message);
    }

    static QueryTooCostlyException entries(long limit) {
        return new QueryTooCostlyException("the query looks at more than " + limit + " files and folders;"
                + " narrow it to a sub-folder, or raise the gateway's maxFilesPerQuery");
    }

    static QueryTooCostlyException regex(long limit) {
        return new QueryTooCostlyException("matching the regex against the names takes more than " + limit
                + " steps in all; use a simpler regex or a sub-folder");
    }

    static QueryTooCostlyException depth(int limit) {
        return new QueryTooCostlyException("the folder has sub-folders more than " + limit
                + " levels deep; ask for a deeper folder, or leave out recursion");
    }
}
