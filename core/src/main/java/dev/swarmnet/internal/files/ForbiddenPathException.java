package dev.swarmnet.internal.files;

import dev.swarmnet.SwarmnetException;

/**
 * A path from a client was refused because it could lead outside what the gateway shares or outside its
 * download dir. The message names only what the client sent and the rule it broke, never a real path of
 * the gateway, so it can be sent back to the client as it is.
 */
public final class ForbiddenPathException extends SwarmnetException {
    private static final long serialVersionUID = 1L;
    /** Longer requests are cut in the message: it is for people, and an attacker may send 4 KiB of junk. */
    private static final int MAX_QUOTED_CHARS = 200;

    private final String requested;
    private final String reason;

    /**
     * @param requested the path exactly as the client sent it (may be null: a client may send no path)
     * @param reason    why it is refused, in words a client can act on
     */
    public ForbiddenPathException(String requested, String reason) {
        super("refused path " + quote(requested) + ": " + requireReason(reason));
        this.requested = requested;
        this.reason = reason;
    }

    /** The path as the client sent it; null if it sent none. */
    public String requested() {
        return requested;
    }

    /** Why the path was refused. */
    public String reason() {
        return reason;
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a refusal needs a reason");
        }
        return reason;
    }

    /** Quotes the client's text with control characters escaped, so a NUL or a newline cannot forge log lines. */
    static String quote(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED_CHARS) + 8).append('"');
        int shown = Math.min(text.length(), MAX_QUOTED_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (shown < text.length()) {
            out.append(" (").append(text.length()).append(" characters, cut)");
        }
        return out.toString();
    }
}
