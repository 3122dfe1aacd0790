package dev.swarmnet.cli;

import dev.swarmnet.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How {@code call} and {@code stream} print the bytes a subroutine returned ({@code --as}). AUTO prints
 * text when the bytes are valid UTF-8 without control characters (other than tab and line breaks),
 * else lowercase hex. The numbers are big-endian, as {@link Bytes} writes them.
 */
enum Format {
    AUTO, TEXT, HEX, BASE64, INT, LONG, FLOAT, DOUBLE, JSON;

    String render(byte[] bytes) {
        return switch (this) {
            case AUTO -> printableUtf8(bytes) ? new String(bytes, StandardCharsets.UTF_8) : HexFormat.of().formatHex(bytes);
            case TEXT -> new String(bytes, StandardCharsets.UTF_8);
            case HEX -> HexFormat.of().formatHex(bytes);
            case BASE64 -> Base64.getEncoder().encodeToString(bytes);
            case INT -> String.valueOf(Bytes.bytesToInt(sized(bytes, 4)));
            case LONG -> String.valueOf(Bytes.bytesToLong(sized(bytes, 8)));
            case FLOAT -> String.valueOf(Bytes.bytesToFloat(sized(bytes, 4)));
            case DOUBLE -> String.valueOf(Bytes.bytesToDouble(sized(bytes, 8)));
            case JSON -> Json.reformat(bytes);
        };
    }

    private byte[] sized(byte[] bytes, int size) {
        if (bytes.length != size) {
            throw new CliException(ExitCodes.FAILED, "the result has " + bytes.length + " bytes, not the " + size
                    + " of a " + name().toLowerCase(java.util.Locale.ROOT) + " (try --as hex)");
        }
        return bytes;
    }

    static boolean printableUtf8(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
