package dev.swarmnet.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.swarmnet.ArgumentException;
import dev.swarmnet.Args;
import java.io.IOException;

/**
 * Arguments on the wire: a CBOR array {@code [positional-array, keyword-map]}, or no bytes at all for
 * no arguments. Conversions are strict: a float is not silently truncated to an int, a string is not
 * parsed as a number or boolean, and a number or boolean is not turned into a string. (A base64 string
 * does convert to {@code byte[]}, as in JSON.)
 */
public final class ArgsCodec {
    /** The decoded shape of a call's arguments. */
    public record Decoded(ArrayNode positional, ObjectNode keywords) {
    }

    static final CBORMapper MAPPER = CBORMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
    private static final byte[] NONE = new byte[0];
    private static final Decoded EMPTY = new Decoded(JsonNodeFactory.instance.arrayNode(),
            JsonNodeFactory.instance.objectNode());

    private ArgsCodec() {
    }

    /** Encodes on the caller's side; a value Jackson cannot write is the caller's error, found before sending. */
    public static byte[] encode(Args args) {
        if (args.isEmpty()) {
            return NONE;
        }
        try {
            return MAPPER.writeValueAsBytes(new Object[] {args.positional(), args.keywords()});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments cannot be encoded: " + e.getOriginalMessage(), e);
        }
    }

    public static Decoded decode(byte[] bytes) {
        if (bytes.length == 0) {
            return EMPTY;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new ArgumentException("arguments are not valid CBOR: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray() || root.size() < 1 || root.size() > 2 || !root.get(0).isArray()
                || (root.size() == 2 && !root.get(1).isObject())) {
            throw new ArgumentException("arguments must be a CBOR array [positional-array, keyword-map]");
        }
        ObjectNode keywords = root.size() == 2 ? (ObjectNode) root.get(1) : EMPTY.keywords();
        return new Decoded((ArrayNode) root.get(0), keywords);
    }

    /** Converts one decoded value to {@code type}; {@code what} names it in the error. */
    public static <T> T convert(JsonNode node, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException
                    ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
            throw new ArgumentException(what + " is not a " + type.getSimpleName() + ": " + detail, e);
        }
    }
}
