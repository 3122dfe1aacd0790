package dev.swarmnet.internal.files;

import dev.swarmnet.internal.wire.Utf8;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where a path string from the network becomes a list of names. Every rule that keeps a client
 * inside its sandbox on the string level lives here, so reading and writing cannot drift apart. The string
 * checks are only the first wall: callers still compare real paths (symlinks resolved) with their roots.
 */
final class RequestedPath {
    /** Linux NAME_MAX: a longer name fails later with a less clear error. */
    static final int MAX_NAME_BYTES = 255;
    /** Linux PATH_MAX: also bounds the work one request can cause. */
    static final int MAX_PATH_BYTES = 4096;
    /**
     * Names in one path: each is a folder the gateway opens or makes, so this bounds one request's preparation
     * work more tightly than PATH_MAX alone (2,048 one-letter names). A folder listed {@link
     * QueryBudget#MAX_WALK_DEPTH} levels below a folder named by a long absolute path still fits.
     */
    static final int MAX_NAMES = 2 * QueryBudget.MAX_WALK_DEPTH;

    private final boolean absolute;
    private final List<String> names;

    private RequestedPath(boolean absolute, List<String> names) {
        this.absolute = absolute;
        this.names = List.copyOf(names);
    }

    /**
     * A path naming something to read. Lenient where that is harmless: "." and empty names are dropped, so
     * {@code "logs/"}, {@code "./logs"} and {@code "/srv//logs"} work as a user means them.
     */
    static RequestedPath forReading(String text) throws ForbiddenPathException {
        checkWhole(text);
        List<String> names = new ArrayList<>();
        for (String name : split(text)) {
            if (!name.isEmpty() && !name.equals(".")) {
                checkName(text, name);
                names.add(name);
            }
        }
        checkDepth(text, names.size());
        return new RequestedPath(text.startsWith("/"), names);
    }

    /**
     * The names of a relative path naming something to create; an empty text gives no names. Strict: every
     * name must be a plain name, because the client decides what appears on the gateway's disk.
     */
    static List<String> forWriting(String text) throws ForbiddenPathException {
        if (text != null && text.isEmpty()) {
            return List.of();
        }
        checkWhole(text);
        if (text.startsWith("/")) {
            throw new ForbiddenPathException(text, "an absolute path is not allowed here; give a relative path");
        }
        List<String> names = new ArrayList<>();
        for (String name : split(text)) {
            checkNewName(text, name);
            names.add(name);
        }
        checkDepth(text, names.size());
        return List.copyOf(names);
    }

    /** Whether the client named an absolute path (it then has to be a shared folder or lie inside one). */
    boolean isAbsolute() {
        return absolute;
    }

    /** The names, without "." or empty ones, none of them "..". */
    List<String> names() {
        return names;
    }

    /** {@code base} with one checked name appended; a name the file system cannot represent is refused. */
    static Path child(Path base, String name, String requested) throws ForbiddenPathException {
        try {
            return base.resolve(name);
        } catch (InvalidPathException e) {
            throw new ForbiddenPathException(requested, "it contains characters this gateway's file system cannot use");
        }
    }

    /** Splits on '/' keeping empty names (limit -1), so "a//b" and "a/" are seen for what they are. */
    private static String[] split(String text) {
        return text.split("/", -1);
    }

    private static void checkWhole(String text) throws ForbiddenPathException {
        if (text == null) {
            throw new ForbiddenPathException(null, "no path given");
        }
        if (text.isEmpty()) {
            throw new ForbiddenPathException(text, "the path is empty");
        }
        // Characters first: a UTF-8 length is never shorter, and this bounds the work on a huge string.
        if (text.length() > MAX_PATH_BYTES || Utf8.length(text) > MAX_PATH_BYTES) {
            throw new ForbiddenPathException(text, "the path is longer than " + MAX_PATH_BYTES + " bytes");
        }
        if (text.indexOf('\0') >= 0) {
            throw new ForbiddenPathException(text, "it contains a NUL character");
        }
        checkNoBackslash(text, text);
    }

    static void checkDepth(String text, int names) throws ForbiddenPathException {
        if (names > MAX_NAMES) {
            throw new ForbiddenPathException(text, "it has more than " + MAX_NAMES + " names (folders deep)");
        }
    }

    /** A Windows client may mean a separator, and "..\" must never slip through as a plain name. */
    private static void checkNoBackslash(String text, String part) throws ForbiddenPathException {
        if (part.indexOf('\\') >= 0) {
            throw new ForbiddenPathException(text, "it contains a backslash; separate folders with '/'");
        }
    }

    private static void checkName(String text, String name) throws ForbiddenPathException {
        if (name.equals("..")) {
            throw new ForbiddenPathException(text, "'..' is not allowed: it could leave the folder");
        }
        if (isDrive(name)) {
            throw new ForbiddenPathException(text, "a Windows drive (like C:) is not allowed");
        }
        if (Utf8.length(name) > MAX_NAME_BYTES) {
            throw new ForbiddenPathException(text, "a name in it is longer than " + MAX_NAME_BYTES + " bytes");
        }
    }

    /**
     * One name of a path to create, checked as {@link #forWriting} checks each of its names: for the last name
     * of a path whose folders were checked before.
     */
    static void checkNewNameOf(String text, String name) throws ForbiddenPathException {
        checkNoBackslash(text, name);
        checkNewName(text, name);
    }

    private static void checkNewName(String text, String name) throws ForbiddenPathException {
        if (name.isEmpty()) {
            throw new ForbiddenPathException(text, "it has an empty name ('//', or '/' at the end)");
        }
        if (name.equals(".")) {
            throw new ForbiddenPathException(text, "'.' is not allowed as a name");
        }
        checkName(text, name);
        // Control characters make names that forge log lines and confuse terminals; no real file needs them.
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new ForbiddenPathException(text, "it contains a control character");
            }
        }
    }

    /** "C:", "c:x": a Windows drive, meaningless on this side and a sign of an attempt to name another root. */
    private static boolean isDrive(String name) {
        if (name.length() < 2 || name.charAt(1) != ':') {
            return false;
        }
        char letter = name.charAt(0);
        return (letter >= 'A' && letter <= 'Z') || (letter >= 'a' && letter <= 'z');
    }
}
