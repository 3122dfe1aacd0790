package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.FileFailure;
import dev.swarmnet.internal.files.NameEncoding;
import java.util.ArrayList;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two files of one transfer must not land under the same name (one would silently replace the
 * other): the first is admitted, the others are reported as failures, each saying which name it met. Names
 * are compared as this host writes them, in bytes, not as strings.
 */
final class DuplicateNames {
    /** The charset this JVM writes file names with: two names that encode alike name one file here. */
    private static final Charset HOST = hostCharset();

    /** The admitted destinations by the bytes their names take on this host. */
    private final Map<String, String> seen = new HashMap<>();
    private final List<FileFailure> refused = new ArrayList<>();

    boolean admit(FileEntry entry) {
        String first = seen.putIfAbsent(key(entry.dest()), entry.dest());
        if (first == null) {
            return true;
        }
        refused.add(new FileFailure(entry.source(), first.equals(entry.dest())
                ? "another file of this transfer has the same destination '" + entry.dest()
                        + "'; transfer it separately"
                : "its name '" + entry.dest() + "' is the same file name on this host as '" + first
                        + "', which this transfer also delivers; transfer it separately"));
        return false;
    }

    /** Whether a file with this destination was admitted (or refused) already. */
    boolean seen(String dest) {
        return seen.containsKey(key(dest));
    }

    List<FileFailure> refused() {
        return refused;
    }

    /** The files refused since the last call (a listing that arrives in parts reports them part by part). */
    List<FileFailure> takeRefused() {
        List<FileFailure> taken = List.copyOf(refused);
        refused.clear();
        return taken;
    }

    /**
     * A destination as the bytes of its file name on this host (one char per byte): strings that differ may
     * encode alike (an unpaired surrogate, or any name that is not ASCII where names are not UTF-8).
     */
    private static String key(String dest) {
        if (HOST.equals(StandardCharsets.UTF_8)) {
            // UTF-8 writes every string without a surrogate as distinct bytes; the others round-trip to the
            // string those bytes read as (a lone surrogate became '?'), which is as distinct as the bytes.
            return hasSurrogate(dest) ? new String(dest.getBytes(HOST), HOST) : dest;
        }
        return new String(dest.getBytes(HOST), StandardCharsets.ISO_8859_1);
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static Charset hostCharset() {
        try {
            return NameEncoding.isUtf8() ? StandardCharsets.UTF_8 : Charset.forName(NameEncoding.current());
        } catch (RuntimeException e) {
            return StandardCharsets.US_ASCII;
        }
    }
}
