package dev.swarmnet.internal.files;

/** UTF-8 sizes of names: file systems limit names in bytes (255 per name, 4096 per path), not in characters. */
final class Utf8 {
    private Utf8() {
    }

    /** The number of bytes {@code text} takes in UTF-8 (an unpaired surrogate counts as the 3 bytes of U+FFFD). */
    static int length(String text) {
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
    static String prefix(String text, int maxBytes) {
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
