package dev.swarmnet;

import dev.swarmnet.internal.plugin.ExposedMethods;
import java.util.Map;

/**
 * Subroutines from annotated methods. Register the result with a gateway:
 *
 * <pre>{@code
 * Subroutines.of(new Sensors()).forEach(gateway::addSubroutine);
 * }</pre>
 *
 * @see Exposed for how a method's signature decides its kind and binds arguments
 */
public final class Subroutines {
    private Subroutines() {
    }

    /**
     * Every {@link Exposed} method of {@code target}'s class and its superclasses, by subroutine name
     * (sorted). Pass a {@code Class} to get its static {@link Exposed} methods only.
     *
     * @throws IllegalArgumentException if a method's signature does not fit (the message says why), it is
     *     not accessible, two methods claim one name, or there is no {@link Exposed} method at all
     */
    public static Map<String, Subroutine> of(Object target) {
        return ExposedMethods.bind(target);
    }
}
