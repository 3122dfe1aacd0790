package dev.swarmnet.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.swarmnet.ArgumentException;
import dev.swarmnet.Args;
import java.io.IOException;

/**
 * Arguments on the wire: a CBOR array {@code [positional-array, keyword-map]}, or no bytes at all for
 * no arguments. Conversions are strict: a float is not silently truncated to an int, a string is not
 * parsed as a number or boolean, and a number or boolean is not turned into a string. (A base64 string
 * does convert to {@code byte[]}, as in JSON.)
 *
 * <p>Arguments come from the network, so before Jackson sees them {@link CborLimits} checks, in one linear
 * pass, that they are bounded: nesting at most {@link #MAX_NESTING_DEPTH} arrays and maps deep, no
 * length that runs past the end of the bytes, few tags on one value and no string references.
 */
public final class ArgsCodec {
    /** The decoded shape of a call's arguments. */
    public record Decoded(ArrayNode positional, ObjectNode keywords) {
    }

    /**
     * The deepest nesting of arrays and maps in a call's arguments, counting the outer
     * {@code [positional, keywords]} array and the positional array or keyword map: a value may nest
     * {@code MAX_NESTING_DEPTH - 2} levels. Enforced when encoding (the caller's error, before anything is
     * sent) and when decoding (BAD_ARGUMENTS), so that neither Jackson nor a subroutine walking the value
     * recursively can be driven into a stack overflow.
     */
    public static final int MAX_NESTING_DEPTH = 128;

    static final CBORMapper MAPPER = strict(CBORMapper.builder(CBORFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build()))
            .build();

    /**
     * The conversions {@link dev.swarmnet.Call} promises, for any mapper: no number from a string or a string
     * from a number, no int from a float, no null for a primitive.
     */
    public static <B extends MapperBuilder<?, B>> B strict(B builder) {
        return builder
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
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
        CborLimits.check(bytes);
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

    /**
     * One linear pass over the first CBOR item of a call's arguments (RFC 8949, section 3) that refuses what
     * would make decoding it expensive, before Jackson builds anything:
     * <ul>
     * <li>arrays and maps nested deeper than {@link ArgsCodec#MAX_NESTING_DEPTH} (Jackson's own limit is set to
     * the same number; checking here too keeps the limit independent of the Jackson version);
     * <li>a declared length or element count larger than the bytes that are left (a 2^63-byte string in a
     * ten-byte argument);
     * <li>more than {@link #MAX_TAGS_PER_VALUE} tags on one value: Jackson's tag list grows by 8 at a time, so a
     * run of n tags costs n^2/16 copies (a 1.6 MB run of tags took 76 s of CPU);
     * <li>string references (tags 25 and 256): a reference re-uses a string without repeating its bytes, so a
     * few bytes can stand for megabytes once a subroutine converts them (a 1 MB frame became 2.8 GB of base64).
     * </ul>
     * Everything else (malformed UTF-8, keys that are not strings, a break in a definite container...) is left to
     * Jackson. Bytes after the first item are not looked at, as Jackson ignores them too.
     */
    private static final class CborLimits {
        /** Tags on one value: enough for any real use (a big number, a date) and within Jackson's first 8 slots. */
        static final int MAX_TAGS_PER_VALUE = 4;

        private static final long INDEFINITE = -1;
        private static final int BREAK = 0xFF;
        private static final int TAG_STRINGREF = 25;
        private static final int TAG_STRINGREF_NAMESPACE = 256;

        private final byte[] bytes;
        private int pos;
        /** Items still expected by each open container ({@link #INDEFINITE}: until a break); [0] is unused. */
        private final long[] open = new long[ArgsCodec.MAX_NESTING_DEPTH + 1];
        private int depth;

        private CborLimits(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Throws {@link ArgumentException} unless the first CBOR item of {@code bytes} is within the limits. */
        static void check(byte[] bytes) {
            new CborLimits(bytes).item();
        }

        private void item() {
            do {
                int initial = headWithTags();
                int major = initial >>> 5;
                int info = initial & 0x1F;
                if (initial == BREAK) {
                    if (depth == 0 || open[depth] != INDEFINITE) {
                        throw invalid("a break (0xFF) outside an indefinite-length array or map");
                    }
                    depth--;
                    completed();
                    continue;
                }
                switch (major) {
                    case 0:
                    case 1:
                        argument(info);
                        completed();
                        break;
                    case 2:
                    case 3:
                        string(major, info);
                        completed();
                        break;
                    case 4:
                    case 5:
                        container(major, info);
                        break;
                    default: // 7: simple values and floats; major 6 (tags) was consumed by headWithTags
                        simple(info);
                        completed();
                        break;
                }
            } while (depth > 0);
        }

        /** The initial byte of the next value, after its tags. */
        private int headWithTags() {
            int tags = 0;
            while (true) {
                int initial = next();
                if (initial >>> 5 != 6) {
                    if (initial == BREAK && tags > 0) {
                        throw invalid("a tag on a break");
                    }
                    return initial;
                }
                long tag = argument(initial & 0x1F);
                if (++tags > MAX_TAGS_PER_VALUE) {
                    throw invalid("more than " + MAX_TAGS_PER_VALUE + " tags on one value");
                }
                if (tag == TAG_STRINGREF || tag == TAG_STRINGREF_NAMESPACE) {
                    throw invalid("string references (tags 25 and 256) are not supported");
                }
            }
        }

        private void string(int major, int info) {
            if (info != 31) {
                skip(argument(info));
                return;
            }
            while (true) { // indefinite length: definite chunks of the same type until a break
                int chunk = next();
                if (chunk == BREAK) {
                    return;
                }
                if (chunk >>> 5 != major || (chunk & 0x1F) == 31) {
                    throw invalid("a chunk of an indefinite-length string is not a definite string of its type");
                }
                skip(argument(chunk & 0x1F));
            }
        }

        private void container(int major, int info) {
            if (depth == ArgsCodec.MAX_NESTING_DEPTH) {
                throw new ArgumentException("arguments are nested more than " + ArgsCodec.MAX_NESTING_DEPTH
                        + " arrays and maps deep");
            }
            long items;
            if (info == 31) {
                items = INDEFINITE;
            } else {
                long count = argument(info);
                // Every item takes at least one byte: a count beyond the bytes left cannot be honest.
                if (count < 0 || count > left() || (major == 5 && count > left() / 2)) {
                    throw invalid("an array or map of " + Long.toUnsignedString(count) + " items in " + left()
                            + " bytes");
                }
                items = major == 5 ? 2 * count : count;
            }
            if (items == 0) {
                completed();
                return;
            }
            open[++depth] = items;
        }

        private void simple(int info) {
            if (info == 31 || (info >= 28 && info <= 30)) {
                throw invalid("reserved simple value encoding " + info);
            }
            if (info >= 24) {
                skip(1L << (info - 24));
            }
        }

        /** One value is complete: count it in its container, closing the definite containers it fills. */
        private void completed() {
            while (depth > 0 && open[depth] != INDEFINITE) {
                if (--open[depth] > 0) {
                    return;
                }
                depth--;
            }
        }

        /** The argument of a head (a value, length or count), as an unsigned 64-bit number in a long. */
        private long argument(int info) {
            if (info < 24) {
                return info;
            }
            if (info > 27) {
                throw invalid("reserved or misplaced additional information " + info);
            }
            int size = 1 << (info - 24);
            long value = 0;
            for (int i = 0; i < size; i++) {
                value = (value << 8) | next();
            }
            return value;
        }

        private void skip(long length) {
            if (length < 0 || length > left()) {
                throw invalid("a length of " + Long.toUnsignedString(length) + " bytes with " + left() + " left");
            }
            pos += (int) length;
        }

        private int next() {
            if (pos >= bytes.length) {
                throw invalid("unexpected end of input");
            }
            return bytes[pos++] & 0xFF;
        }

        private int left() {
            return bytes.length - pos;
        }

        private ArgumentException invalid(String why) {
            return new ArgumentException("arguments are not valid CBOR: " + why + " (at byte " + pos + ")");
        }
    }
}
