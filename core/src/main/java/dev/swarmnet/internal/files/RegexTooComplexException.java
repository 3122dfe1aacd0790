package dev.swarmnet.internal.files;

import dev.swarmnet.SwarmnetException;

/**
 * A client's regex needed too many steps to match one file name. Java's regex engine backtracks, so a pattern
 * like {@code (a+)+b} can take exponential time; without a limit one request could hold a handler forever.
 */
public final class RegexTooComplexException extends SwarmnetException {
    private static final long serialVersionUID = 1L;

    /** @param regex the client's pattern, quoted in the message (the client sent it, so nothing leaks) */
    public RegexTooComplexException(String regex) {
        super("the regex " + ForbiddenPathException.quote(regex)
                + " takes too long to match a file name (too much backtracking); simplify it");
    }
}
