package dev.swarmnet.internal.files;

import dev.swarmnet.NameEncodingException;
import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Whether this JVM turns file names into bytes and back in UTF-8, as the wire carries them. Java decodes every
 * name it lists and encodes every name it opens or creates through {@code sun.jnu.encoding}, which the JVM takes
 * from the locale (LC_ALL, LC_CTYPE, LANG) when it starts and which cannot be changed afterwards (setting it
 * with -D is not supported on JDK 17 and is ignored or half-applied). Under LC_ALL=C or POSIX it is ASCII:
 * every name that is not ASCII would be listed as U+FFFD and created as '?'s, so files would be sent under
 * wrong names and distinct names would land on one. File work therefore refuses to start in such a JVM,
 * saying how to start it right, instead of changing names.
 */
public final class NameEncoding {
    private NameEncoding() {
    }

    /** The charset this JVM maps file names with, by the name the JVM gives it ("" when it gives none). */
    public static String current() {
        String name = System.getProperty("sun.jnu.encoding");
        return name != null ? name : "";
    }

    /** Whether file names map to UTF-8 (also where names are UTF-16 to the system: Windows). */
    public static boolean isUtf8() {
        if (File.separatorChar == '\\') {
            return true; // Windows: the JDK passes names to the system as UTF-16, the jnu encoding is not used
        }
        String name = current();
        if (name.isEmpty()) {
            return true; // not a JDK that says: nothing to go by, nothing refused
        }
        try {
            return Charset.forName(name).equals(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return false; // a charset this JVM does not even know: not UTF-8
        }
    }

    /**
     * @param what the work refused, for the message (e.g. "a file transfer")
     * @throws NameEncodingException unless file names map to UTF-8, saying how to start the JVM instead
     */
    public static void requireUtf8(String what) {
        if (!isUtf8()) {
            throw new NameEncodingException(what + " needs file names in UTF-8, but this JVM maps them through "
                    + current() + " (from its locale: LC_ALL, LC_CTYPE or LANG), which would change every name that"
                    + " is not ASCII; run it with a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (bin/swarmnet does so)");
        }
    }
}
