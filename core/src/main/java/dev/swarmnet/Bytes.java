package dev.swarmnet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Conversions between values and bytes for subroutine payloads — pynetwork's {@code backend2} helpers.
 * Numbers are big-endian (network order), strings UTF-8, objects JSON.
 */
public final class Bytes {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Bytes() {
    }

    /** An int as its 4 bytes, big-endian (pynetwork's {@code int_to_bytes}). */
    public static byte[] intToBytes(int value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
    }

    /** The int in exactly 4 big-endian bytes; any other length is refused with an {@link IllegalArgumentException}. */
    public static int bytesToInt(byte[] bytes) {
        return exactly(bytes, Integer.BYTES, "int").getInt();
    }

    /** A long as its 8 bytes, big-endian. */
    public static byte[] longToBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /** The long in exactly 8 big-endian bytes; any other length is refused. */
    public static long bytesToLong(byte[] bytes) {
        return exactly(bytes, Long.BYTES, "long").getLong();
    }

    /** A float as its 4 IEEE 754 bytes, big-endian (pynetwork's {@code float_to_bytes}). */
    public static byte[] floatToBytes(float value) {
        return ByteBuffer.allocate(Float.BYTES).putFloat(value).array();
    }

    /** The float in exactly 4 big-endian bytes; any other length is refused. */
    public static float bytesToFloat(byte[] bytes) {
        return exactly(bytes, Float.BYTES, "float").getFloat();
    }

    /** A double as its 8 IEEE 754 bytes, big-endian. */
    public static byte[] doubleToBytes(double value) {
        return ByteBuffer.allocate(Double.BYTES).putDouble(value).array();
    }

    /** The double in exactly 8 big-endian bytes; any other length is refused. */
    public static double bytesToDouble(byte[] bytes) {
        return exactly(bytes, Double.BYTES, "double").getDouble();
    }

    /** A string as UTF-8 (pynetwork's {@code str_to_bytes}). */
    public static byte[] strToBytes(String value) {
        return Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8);
    }

    /** UTF-8 bytes as a string; a malformed sequence becomes U+FFFD. */
    public static String bytesToStr(byte[] bytes) {
        return new String(Objects.requireNonNull(bytes, "bytes"), StandardCharsets.UTF_8);
    }

    /** Any Jackson-serialisable object (maps, lists, records, POJOs) as UTF-8 JSON. */
    public static byte[] jsonToBytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** JSON bytes back into {@code type} (a record, POJO, {@code Map.class}, ...). */
    public static <T> T bytesToJson(byte[] bytes, Class<T> type) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(type, "type");
        try {
            return JSON.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON for " + type.getName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer exactly(byte[] bytes, int size, String what) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != size) {
            throw new IllegalArgumentException("a " + what + " takes " + size + " bytes, got " + bytes.length);
        }
        return ByteBuffer.wrap(bytes);
    }
}
