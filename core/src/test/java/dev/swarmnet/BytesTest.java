package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.support.TestValues.Person;
import dev.swarmnet.support.TestValues.Point;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The value <-> bytes helpers: exact round trips, network byte order, and argument checks. */
class BytesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, 42, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void intRoundTrip(int value) {
        assertThat(Bytes.intToBytes(value)).hasSize(4);
        assertThat(Bytes.bytesToInt(Bytes.intToBytes(value))).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 5_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE})
    void longRoundTrip(long value) {
        assertThat(Bytes.longToBytes(value)).hasSize(8);
        assertThat(Bytes.bytesToLong(Bytes.longToBytes(value))).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, -0f, 0.42f, -3.5f, Float.MAX_VALUE, Float.MIN_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN})
    void floatRoundTripIsBitExact(float value) {
        float back = Bytes.bytesToFloat(Bytes.floatToBytes(value));
        assertThat(Float.floatToIntBits(back)).isEqualTo(Float.floatToIntBits(value));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0d, -0d, 0.1, -2.75, Double.MAX_VALUE, Double.MIN_VALUE, -Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN})
    void doubleRoundTripIsBitExact(double value) {
        double back = Bytes.bytesToDouble(Bytes.doubleToBytes(value));
        assertThat(Double.doubleToLongBits(back)).isEqualTo(Double.doubleToLongBits(value));
    }

    @Test
    void numbersAreBigEndian() {
        assertThat(Bytes.intToBytes(0x01020304)).containsExactly(1, 2, 3, 4);
        assertThat(Bytes.longToBytes(0x0102030405060708L)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(Bytes.floatToBytes(1.0f)).containsExactly(0x3F, 0x80, 0, 0);
        assertThat(Bytes.doubleToBytes(1.0)).containsExactly(0x3F, 0xF0, 0, 0, 0, 0, 0, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "héllo wörld", "日本語", "emoji 🎉 (4 bytes)", "nul \u0000 inside"})
    void stringRoundTripIsUtf8(String value) {
        byte[] bytes = Bytes.strToBytes(value);
        assertThat(bytes).isEqualTo(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Bytes.bytesToStr(bytes)).isEqualTo(value);
    }

    @Test
    void jsonRoundTripOfARecordAPojoAndAMap() {
        Point point = new Point(1, -2, "ünï");
        assertThat(Bytes.bytesToJson(Bytes.jsonToBytes(point), Point.class)).isEqualTo(point);

        Person person = new Person("Grace", 85, false);
        assertThat(Bytes.bytesToJson(Bytes.jsonToBytes(person), Person.class)).isEqualTo(person);

        Map<String, Object> map = Map.of("n", 1, "list", List.of("a", true), "nested", Map.of("x", 2.5));
        assertThat(Bytes.bytesToJson(Bytes.jsonToBytes(map), Map.class)).isEqualTo(map);
        assertThat(Bytes.bytesToStr(Bytes.jsonToBytes(Map.of("k", "v")))).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void wrongLengthsAreRejected() {
        assertWrongLength(Bytes::bytesToInt, 3, "int");
        assertWrongLength(Bytes::bytesToInt, 5, "int");
        assertWrongLength(Bytes::bytesToLong, 4, "long");
        assertWrongLength(Bytes::bytesToFloat, 8, "float");
        assertWrongLength(Bytes::bytesToDouble, 4, "double");
        assertWrongLength(Bytes::bytesToDouble, 0, "double");
    }

    @Test
    void nullsAreRejected() {
        assertThatThrownBy(() -> Bytes.bytesToInt(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Bytes.bytesToLong(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Bytes.bytesToFloat(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Bytes.bytesToDouble(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Bytes.strToBytes(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Bytes.bytesToStr(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Bytes.bytesToJson(null, Map.class)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Bytes.bytesToJson(new byte[] {'1'}, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void badJsonIsAnIllegalArgument() {
        assertThatThrownBy(() -> Bytes.bytesToJson(Bytes.strToBytes("{not json"), Map.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON");
        assertThatThrownBy(() -> Bytes.bytesToJson(Bytes.strToBytes("\"text\""), Point.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bytes.jsonToBytes(new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON");
    }

    private static void assertWrongLength(Function<byte[], ?> decoder, int length, String what) {
        assertThatThrownBy(() -> decoder.apply(new byte[length]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(what).hasMessageContaining(Integer.toString(length));
    }
}
