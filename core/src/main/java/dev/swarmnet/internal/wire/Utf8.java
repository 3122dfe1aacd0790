package dev.swarmnet.internal.wire;

import dev.swarmnet.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: text on the wire that is not valid UTF-8 is a protocol violation, not a silent U+FFFD. */
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
}
