package dev.swarmnet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmnet.ArgumentException;
import dev.swarmnet.Args;
import dev.swarmnet.internal.ArgsCodec;
import dev.swarmnet.support.TestValues.Point;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments decoder on arbitrary bytes, as the gateway uses it: decode, then convert every argument to
 * the types subroutines ask for. Only {@link ArgumentException} (BAD_ARGUMENTS for the caller) may come out.
 * A second target builds random argument values, encodes them as the client does and decodes them as the
 * gateway does: what comes back must equal what was sent, and the nesting limit must refuse the same values
 * on both sides.
 */
class ArgsFuzzTest {
    private static final Class<?>[] TYPES = {Object.class, String.class, Long.class, Integer.class, Short.class,
        Double.class, Float.class, Boolean.class, byte[].class, BigInteger.class, BigDecimal.class, List.class,
        Map.class, int[].class, String[].class, Point.class};

    @FuzzTest(maxDuration = "3m")
    void decodeArbitraryBytes(byte[] input) {
        ArgsCodec.Decoded decoded;
        try {
            decoded = ArgsCodec.decode(input);
        } catch (ArgumentException expected) {
            return;
        }
        for (JsonNode value : decoded.positional()) {
            convertToEveryType(value);
        }
        for (Iterator<JsonNode> it = decoded.keywords().elements(); it.hasNext(); ) {
            convertToEveryType(it.next());
        }
    }

    @FuzzTest(maxDuration = "3m")
    void encodedArgumentsDecodeToWhatWasSent(FuzzedDataProvider data) {
        List<Object> positional = new ArrayList<>();
        int n = data.consumeInt(0, 4);
        for (int i = 0; i < n; i++) {
            positional.add(value(data));
        }
        Args args = Args.of(positional.toArray());
        Map<String, Object> keywords = new LinkedHashMap<>();
        int k = data.consumeInt(0, 3);
        for (int i = 0; i < k; i++) {
            String name = "k" + data.consumeAsciiString(8);
            Object v = value(data);
            keywords.put(name, v);
            args = args.with(name, v);
        }
        int depth = Math.max(depthOf(positional), depthOf(keywords)); // the outer [positional, keywords] adds 1
        if (depth + 1 > ArgsCodec.MAX_NESTING_DEPTH) {
            Args tooDeep = args;
            assertThatThrownBy(() -> ArgsCodec.encode(tooDeep)).as("encoding arguments nested %d deep", depth + 1)
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        ArgsCodec.Decoded decoded = ArgsCodec.decode(ArgsCodec.encode(args));
        assertThat(decoded.positional().size()).isEqualTo(positional.size());
        for (int i = 0; i < positional.size(); i++) {
            assertSame(ArgsCodec.convert(decoded.positional().get(i), Object.class, "arg"), positional.get(i));
        }
        for (Map.Entry<String, Object> e : keywords.entrySet()) {
            assertSame(ArgsCodec.convert(decoded.keywords().get(e.getKey()), Object.class, "kwarg"), e.getValue());
        }
    }

    private static void convertToEveryType(JsonNode value) {
        for (Class<?> type : TYPES) {
            try {
                ArgsCodec.convert(value, type, "argument");
            } catch (ArgumentException expected) {
                // a value of another type: BAD_ARGUMENTS
            }
        }
    }

    /** A random argument value. */
    private static Object value(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 9)) {
            case 0:
                return null;
            case 1:
                return data.consumeBoolean();
            case 2:
                return data.consumeInt();
            case 3:
                return data.consumeLong();
            case 4:
                return data.consumeRegularDouble();
            case 5:
                return data.consumeString(40);
            case 6:
                return data.consumeBytes(40);
            case 7: {
                List<Object> list = new ArrayList<>();
                int n = data.consumeInt(0, 3);
                for (int i = 0; i < n; i++) {
                    list.add(value(data));
                }
                return list;
            }
            case 8: {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = data.consumeInt(0, 3);
                for (int i = 0; i < n; i++) {
                    map.put(data.consumeString(10), value(data));
                }
                return map;
            }
            default: { // a deep chain, to meet the nesting limit
                int levels = data.consumeInt(1, 2 * ArgsCodec.MAX_NESTING_DEPTH);
                Object v = data.consumeInt();
                for (int i = 0; i < levels; i++) {
                    v = List.of(v);
                }
                return v;
            }
        }
    }

    /** How many lists and maps deep {@code value} is (a scalar is 0, an empty list 1). */
    private static int depthOf(Object value) {
        int deepest = 0;
        if (value instanceof List) {
            for (Object element : (List<?>) value) {
                deepest = Math.max(deepest, depthOf(element));
            }
            return deepest + 1;
        }
        if (value instanceof Map) {
            for (Object element : ((Map<?, ?>) value).values()) {
                deepest = Math.max(deepest, depthOf(element));
            }
            return deepest + 1;
        }
        return 0;
    }

    /** Equality of a sent value and what the gateway's natural conversion gave back. */
    private static void assertSame(Object got, Object sent) {
        if (sent instanceof byte[]) {
            assertThat(got).isInstanceOf(byte[].class);
            assertThat(Arrays.equals((byte[]) got, (byte[]) sent)).isTrue();
        } else if (sent instanceof Long && got instanceof Integer) {
            assertThat(((Integer) got).longValue()).isEqualTo(sent);
        } else if (sent instanceof List) {
            List<?> s = (List<?>) sent;
            assertThat(got).isInstanceOf(List.class);
            List<?> g = (List<?>) got;
            assertThat(g).hasSameSizeAs(s);
            for (int i = 0; i < s.size(); i++) {
                assertSame(g.get(i), s.get(i));
            }
        } else if (sent instanceof Map) {
            Map<?, ?> s = (Map<?, ?>) sent;
            assertThat(got).isInstanceOf(Map.class);
            Map<?, ?> g = (Map<?, ?>) got;
            assertThat(g.keySet()).isEqualTo(s.keySet());
            for (Object key : s.keySet()) {
                assertSame(g.get(key), s.get(key));
            }
        } else {
            assertThat(got).isEqualTo(sent);
        }
    }
}
