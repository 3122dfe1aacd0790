package dev.swarmnet;

import java.util.Map;

/**
 * A plugin's subroutines, found with {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/dev.swarmnet.SubroutineProvider} of a jar and load it with
 * {@code swarmnet gateway --plugin my.jar}. The implementation needs a public no-argument constructor.
 *
 * <p>The default {@link #subroutines()} serves the provider's own {@link Exposed} methods, so a plugin
 * can be this short:
 *
 * <pre>{@code
 * public class Greeter implements SubroutineProvider {
 *     @Exposed("hello")
 *     public String hello(String name) { return "hello " + name; }
 * }
 * }</pre>
 */
public interface SubroutineProvider {
    /**
     * The subroutines to register, by name. The default is {@link Subroutines#of(Object) Subroutines.of(this)}:
     * every {@link Exposed} method of this object.
     */
    default Map<String, Subroutine> subroutines() {
        return Subroutines.of(this);
    }
}
