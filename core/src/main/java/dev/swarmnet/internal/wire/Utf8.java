package dev.swarmnet.internal.wire;

import dev.swarmnet.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 for the wire and for names. Strict: text on the wire that is not valid UTF-8 is a protocol violation, not a
 * silent U+FFFD. Sizes: file systems limit names in bytes (255 per name, 4096 per path), not in characters.
 */
public final class Utf8 {
    private Utf8() {
    }

    public static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String decode(byte[] bytes) throws ProtocolViolation {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "text field is not valid UTF-8");
        }
    }

    /** The number of bytes {@code text} takes in UTF-8 (an unpaired surrogate counts as the 3 bytes of U+FFFD). */
    public static int length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The longest prefix of {@code text} that fits {@code maxBytes} in UTF-8 without splitting a character. */
    public static String prefix(String text, int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
        }
        int end = 0;
        int used = 0;
        while (end < text.length()) {
            int next = text.offsetByCodePoints(end, 1);
            int size = length(text.substring(end, next));
            if (used + size > maxBytes) {
                break;
            }
            used += size;
            end = next;
        }
        return text.substring(0, end);
    }
}
