package dev.swarmnet.internal.files;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Names as the file system holds them (bytes) against names as Java shows them (strings). A name whose bytes are
 * not valid UTF-8 is shown with U+FFFD in place of the bad bytes, and that string names another file (or none):
 * sending it would deliver the file under a changed name, and opening it again by that string fails. Such a name
 * is refused, and shown in messages with its bad bytes as {@code \xNN}.
 */
public final class ExactNames {
    private ExactNames() {
    }

    /**
     * Whether {@code path}, as read from the file system, is exactly the path its string names. A Unix path
     * compares by its bytes, so this holds exactly when the bytes decode and encode back unchanged.
     */
    public static boolean isExact(Path path) {
        String text = path.toString();
        if (UTF8 && text.indexOf('\uFFFD') < 0) {
            return true; // UTF-8 decoding puts U+FFFD for every bad byte: without one, no byte was lost
        }
        return path.equals(path.getFileSystem().getPath(text));
    }

    /** Whether names map through UTF-8 here: then the check above is one scan of a string the walk needs anyway. */
    private static final boolean UTF8 = NameEncoding.isUtf8();

    /**
     * The last name of {@code path} for messages: its valid UTF-8 as text, every other byte as {@code \xNN}
     * (the URI of a path keeps its bytes, escaped, where its string has lost them).
     */
    public static String shown(Path path) {
        if (isExact(path)) {
            return String.valueOf(path.getFileName());
        }
        String raw = path.toAbsolutePath().toUri().getRawPath();
        if (raw.endsWith("/") && raw.length() > 1) {
            raw = raw.substring(0, raw.length() - 1); // a folder's URI ends with a slash
        }
        return escaped(percentDecoded(raw.substring(raw.lastIndexOf('/') + 1)));
    }

    private static byte[] percentDecoded(String text) {
        ByteBuffer bytes = ByteBuffer.allocate(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                bytes.put((byte) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        byte[] out = new byte[bytes.position()];
        bytes.flip().get(out);
        return out;
    }

    /** {@code bytes} as UTF-8 text, each byte that is not part of valid UTF-8 as {@code \xNN}. */
    static String escaped(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(bytes.length);
        StringBuilder out = new StringBuilder();
        while (true) {
            CoderResult r = in.hasRemaining() ? decoder.decode(in, chars, true) : CoderResult.UNDERFLOW;
            chars.flip();
            out.append(chars);
            chars.clear();
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.append(String.format("\\x%02x", in.get() & 0xff));
                }
            } else if (!in.hasRemaining()) {
                return out.toString();
            }
        }
    }
}
