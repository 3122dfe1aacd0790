package dev.swarmnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The positional and keyword arguments of a call. Values may be null, booleans, numbers, strings,
 * byte arrays, lists, maps, and plain records or POJOs (sent as their properties); they are encoded
 * with Jackson (CBOR), never with Java serialization. Immutable: {@link #with} returns a new instance.
 *
 * <pre>{@code Args.of(2, true).with("mode", "fast")}</pre>
 *
 * @param positional the positional arguments, in order (may contain nulls)
 * @param keywords the keyword arguments, in insertion order (values may be null)
 */
public record Args(List<Object> positional, Map<String, Object> keywords) {
    private static final Args NONE = new Args(List.of(), Map.of());

    /** The list and the map are copied; keyword names must be non-empty ({@link #none()} is no arguments). */
    public Args {
        Objects.requireNonNull(positional, "positional");
        Objects.requireNonNull(keywords, "keywords");
        positional = Collections.unmodifiableList(new ArrayList<>(positional));
        keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
        for (String key : keywords.keySet()) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("keyword argument names must be non-empty");
            }
        }
    }

    /** No arguments. */
    public static Args none() {
        return NONE;
    }

    /**
     * Positional arguments. A single {@code byte[]} is one argument; pass {@code Object[]} contents
     * individually (an {@code Object[]} given alone spreads into several arguments, as varargs do).
     */
    public static Args of(Object... positional) {
        Objects.requireNonNull(positional, "positional (use Args.none() for no arguments)");
        return new Args(Arrays.asList(positional), Map.of());
    }

    /** A copy with keyword argument {@code name} set to {@code value} (replacing an earlier one). */
    public Args with(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Map<String, Object> copy = new LinkedHashMap<>(keywords);
        copy.put(name, value);
        return new Args(positional, copy);
    }

    /** Whether there are no arguments at all. */
    public boolean isEmpty() {
        return positional.isEmpty() && keywords.isEmpty();
    }
}
