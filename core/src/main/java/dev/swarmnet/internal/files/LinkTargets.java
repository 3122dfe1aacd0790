package dev.swarmnet.internal.files;

import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.Utf8;
import java.util.Objects;

/**
 * Which symbolic links may travel as links: those whose target, read as text relative to the link's folder,
 * stays inside the tree being transferred, judged on the text alone (nothing is resolved, nothing followed),
 * by the gateway before it lists a link and by the client again before it makes one (a hostile gateway could
 * list any target).
 *
 * <p>A {@code ..} is allowed only before the target's first name: it then climbs real folders (the link's
 * folder and its parents, never links on either side), while a {@code ..} after a name climbs out of whatever
 * that name is, and the name may itself be a link ({@code up -> .} makes {@code up/../x} leave the tree although
 * {@code x} looks inside). With that rule, and every listed link checked, no chain of links leads out.
 */
public final class LinkTargets {
    /** The most bytes a target may have: it travels in a path field. */
    public static final int MAX_TARGET_BYTES = Protocol.MAX_PATH_BYTES;

    /** The reasons a link is not sent, or not made. */
    public static final String ABSOLUTE = "an absolute link";
    public static final String LEADS_OUT = "a link leading outside the folder";
    public static final String UP_AFTER_NAME = "a link with '..' after a name (another link on its way could lead"
            + " outside the folder)";
    public static final String TOO_LONG = "a link whose target is longer than " + MAX_TARGET_BYTES + " bytes";
    public static final String EMPTY = "a link with an empty target";
    public static final String NOT_UTF8 = "a link whose target is not valid UTF-8";
    public static final String NUL = "a link whose target holds a NUL character";

    private LinkTargets() {
    }

    /**
     * Why the link at {@code relativePath} (inside the tree, '/'-separated, its own name last) must not travel
     * with {@code target} as its text, or null when it may.
     */
    public static String refusal(String relativePath, String target) {
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(target, "target");
        if (target.isEmpty()) {
            return EMPTY;
        }
        if (target.indexOf('\0') >= 0) {
            return NUL;
        }
        if (target.length() > MAX_TARGET_BYTES / 3 && Utf8.length(target) > MAX_TARGET_BYTES) {
            return TOO_LONG;
        }
        if (target.startsWith("/")) {
            return ABSOLUTE;
        }
        int depth = depthOfFolder(relativePath);
        if (depth < 0) {
            return LEADS_OUT;
        }
        boolean named = false;
        for (String name : target.split("/", -1)) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (!name.equals("..")) {
                named = true;
            } else if (named) {
                return UP_AFTER_NAME;
            } else if (--depth < 0) {
                return LEADS_OUT;
            }
        }
        return null;
    }

    /**
     * How many folders below the tree's top the link's folder is (0 for a link at the top); -1 for a path with
     * a {@code ..} (never listed by a gateway, and refused as a destination anyway).
     */
    private static int depthOfFolder(String relativePath) {
        int depth = 0;
        int slash = relativePath.lastIndexOf('/');
        for (String name : relativePath.substring(0, Math.max(0, slash)).split("/")) {
            if (name.equals("..")) {
                return -1;
            }
            if (!name.isEmpty() && !name.equals(".")) {
                depth++;
            }
        }
        return depth;
    }
}
