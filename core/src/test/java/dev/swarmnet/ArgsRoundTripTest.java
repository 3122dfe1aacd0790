package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.TestValues.Person;
import dev.swarmnet.support.TestValues.Point;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Arguments travel client -> gateway intact: every supported type, positional and keyword, read back
 * by the gateway's typed and natural accessors and echoed to the client as JSON for comparison.
 */
class ArgsRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestGateway gw = TestGateway.standard();

    private Client client;

    /** What the gateway saw of one value: its natural Java class and the value itself. */
    record Seen(String type, Object value) {
    }

    /** What the gateway's accessors said about a call. */
    record Accessors(int argCount, List<String> kwargNames, boolean hasMode, boolean hasAbsent, String modeOrFallback,
            String absentOrFallback, String nullOrFallback) {
    }

    @BeforeEach
    void setUp() throws IOException {
        client = gw.client();
        gw.add("typed", (BatchSubroutine) call -> {
            Class<?> type = Class.forName(call.kwarg("type", String.class));
            return Bytes.jsonToBytes(call.hasKwarg("value") ? call.kwarg("value", type) : call.arg(0, type));
        });
        gw.add("natural", (BatchSubroutine) call -> {
            List<Seen> positional = new ArrayList<>();
            for (int i = 0; i < call.argCount(); i++) {
                positional.add(seen(call.arg(i)));
            }
            Map<String, Seen> keywords = new LinkedHashMap<>();
            for (String name : call.kwargNames()) {
                keywords.put(name, seen(call.kwarg(name, Object.class)));
            }
            return Bytes.jsonToBytes(List.of(positional, keywords));
        });
        gw.add("accessors", (BatchSubroutine) call -> Bytes.jsonToBytes(new Accessors(call.argCount(),
                new ArrayList<>(call.kwargNames()), call.hasKwarg("mode"), call.hasKwarg("absent"),
                call.kwarg("mode", String.class, "fallback"), call.kwarg("absent", String.class, "fallback"),
                call.kwarg("none", String.class, "fallback"))));
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(42, Integer.class),
                Arguments.of(-7, Integer.class),
                Arguments.of(5_000_000_000L, Long.class),
                Arguments.of(Long.MIN_VALUE, Long.class),
                Arguments.of(2.5, Double.class),
                Arguments.of(-0.0, Double.class),
                Arguments.of(Double.MAX_VALUE, Double.class),
                Arguments.of(Double.MIN_VALUE, Double.class),
                Arguments.of(1.25f, Float.class),
                Arguments.of(Float.MAX_VALUE, Float.class),
                Arguments.of(true, Boolean.class),
                Arguments.of(false, Boolean.class),
                Arguments.of("héllo wörld ✓ 日本語 🎉", String.class),
                Arguments.of("", String.class),
                Arguments.of(null, String.class),
                Arguments.of(null, Point.class),
                Arguments.of(new byte[] {0, 1, -1, 127, -128}, byte[].class),
                Arguments.of(new byte[0], byte[].class),
                Arguments.of(List.of(1, "two", true), List.class),
                Arguments.of(Map.of("a", 1, "b", "x"), Map.class),
                Arguments.of(List.of(List.of(1, 2), Map.of("k", List.of("v", Map.of("deep", 3)))), List.class),
                Arguments.of(Map.of("list", List.of(1, 2), "map", Map.of("x", false)), Map.class),
                Arguments.of(new Point(3, -4, "p"), Point.class),
                Arguments.of(new Person("Ada", 36, true), Person.class));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("values")
    void positionalValueRoundTrips(Object value, Class<?> type) throws IOException {
        byte[] echoed = client.getSubroutineBatch("typed", new Args(Arrays.asList(value), Map.of())
                .with("type", type.getName()));
        assertThat(Bytes.bytesToJson(echoed, type)).isEqualTo(value);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("values")
    void keywordValueRoundTrips(Object value, Class<?> type) throws IOException {
        byte[] echoed = client.getSubroutineBatch("typed", Args.none().with("type", type.getName()).with("value", value));
        assertThat(Bytes.bytesToJson(echoed, type)).isEqualTo(value);
    }

    static Stream<Arguments> naturalValues() {
        return Stream.of(
                Arguments.of(42, Integer.class),
                Arguments.of(5_000_000_000L, Long.class),
                Arguments.of(2.5, Double.class),
                Arguments.of(true, Boolean.class),
                Arguments.of("ünïcödé ✓", String.class),
                Arguments.of(new byte[] {1, 2, 3}, byte[].class),
                Arguments.of(new byte[0], byte[].class),
                Arguments.of(List.of(1, "a"), List.class),
                Arguments.of(Map.of("k", 1), Map.class),
                Arguments.of(new Point(1, 2, "q"), Map.class));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("naturalValues")
    void naturalValuesHaveTheDocumentedJavaTypes(Object value, Class<?> naturalType) throws IOException {
        List<Seen> seen = natural(Args.of("first", value).with("kw", value));

        assertThat(seen).hasSize(3);
        for (Seen s : seen.subList(1, 3)) {
            assertThat(s.type()).as("natural type of %s", value).isNotNull();
            assertThat(naturalType).isAssignableFrom(classNamed(s.type()));
            assertThat(JSON.convertValue(s.value(), naturalType)).isEqualTo(JSON.convertValue(value, naturalType));
        }
    }

    @Test
    void floatsAndDoublesKeepTheirPrecisionAsNaturalValues() throws IOException {
        // Call.arg(int) documents Float or Double "as the sender sent them".
        List<Seen> seen = natural(Args.of(1.25f, 1.25d).with("kw", 1.25f));
        assertThat(seen).extracting(Seen::type).containsExactly(Float.class.getName(), Double.class.getName(),
                Float.class.getName());
    }

    @Test
    void nullsArriveAsNull() throws IOException {
        List<Seen> seen = natural(Args.of(1, null, 3).with("nothing", null));
        assertThat(seen).extracting(Seen::type).containsExactly(Integer.class.getName(), null,
                Integer.class.getName(), null);
    }

    @Test
    void accessorsReportCountsNamesPresenceAndFallbacks() throws IOException {
        Args args = Args.of(1, 2, 3).with("mode", "fast").with("level", 3).with("none", null);

        Accessors a = Bytes.bytesToJson(client.getSubroutineBatch("accessors", args), Accessors.class);

        assertThat(a).isEqualTo(new Accessors(3, List.of("mode", "level", "none"), true, false, "fast", "fallback",
                null));
    }

    @Test
    void accessorsOfACallWithoutArguments() throws IOException {
        Accessors a = Bytes.bytesToJson(client.getSubroutineBatch("accessors"), Accessors.class);
        assertThat(a).isEqualTo(new Accessors(0, List.of(), false, false, "fallback", "fallback", "fallback"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, 123_456, Integer.MAX_VALUE / 2, Integer.MIN_VALUE / 2})
    void intsRoundTripThroughBytesInBatchAndSendCalls(int value) throws IOException {
        gw.add("double-it", (BatchSubroutine) call -> Bytes.intToBytes(2 * Bytes.bytesToInt(call.arg(0, byte[].class))));
        gw.add("increment", (SendSubroutine) call -> Bytes.bytesToInt(call.buffer()) + 1);

        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("double-it", Args.of(Bytes.intToBytes(value)))))
                .isEqualTo(2 * value);
        assertThat(client.sendSubroutineBatch("increment", Bytes.intToBytes(value))).isEqualTo(value + 1);
    }

    /** The positional values, then the keyword values, as the gateway's natural accessors saw them. */
    private List<Seen> natural(Args args) throws IOException {
        JsonNode reply = Bytes.bytesToJson(client.getSubroutineBatch("natural", args), JsonNode.class);
        List<Seen> seen = new ArrayList<>();
        reply.get(0).forEach(n -> seen.add(JSON.convertValue(n, Seen.class)));
        reply.get(1).forEach(n -> seen.add(JSON.convertValue(n, Seen.class)));
        return seen;
    }

    private static Seen seen(Object value) {
        return new Seen(value == null ? null : value.getClass().getName(), value);
    }

    private static Class<?> classNamed(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
