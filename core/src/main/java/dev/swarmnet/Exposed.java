package dev.swarmnet;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a subroutine for {@link Subroutines#of(Object)}: the method's signature decides its
 * kind and how the call's arguments bind to its parameters.
 *
 * <ul>
 *   <li><b>stream</b>: a {@link StreamOutput} parameter (the method emits chunks; it returns void), or a
 *       return type of {@code Iterator}, {@code Iterable} or {@code java.util.stream.Stream} (each element
 *       is one chunk, idents 0, 1, 2, ..., like a Python generator's {@code yield});</li>
 *   <li><b>send</b>: a {@code byte[]} parameter and an {@code int}, {@code Integer} or {@code void} return
 *       (the first {@code byte[]} parameter receives the buffer the client sent; void answers 0);</li>
 *   <li><b>batch</b>: anything else. The result is encoded as {@code byte[]} as is, {@code String} UTF-8,
 *       {@code int}/{@code short}/{@code byte} 4 bytes, {@code long} 8, {@code float} 4, {@code double} 8
 *       (big-endian, as {@link Bytes}), {@code boolean} one byte 0/1, {@code void} or null no bytes, and
 *       any other object (records, lists, maps, POJOs) as JSON.</li>
 * </ul>
 *
 * <p>Parameters of type {@link Call} and {@link StreamOutput} are given the call and the output. Every other
 * parameter takes the next positional argument and, when the client sent fewer, the keyword argument of
 * the parameter's name: {@link Arg @Arg("name")}, or the Java name when compiled with {@code -parameters}.
 * A missing argument, one given twice, extra positional arguments and unknown keyword arguments are
 * {@link ErrorCode#BAD_ARGUMENTS} (except {@code swarm_index} and {@code swarm_size}, which swarm streams
 * add; bind them by name to use them). A missing primitive is an error; a missing parameter of an object
 * type ({@code Integer}, {@code String}, a record, ...) is null, which makes it optional.
 *
 * <p>The method must be accessible to swarmnet: public (in a public class), or in a package open to
 * module {@code dev.swarmnet} (anything on the class path is).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Exposed {
    /** The subroutine's name; empty (the default) uses the method's name. */
    String value() default "";
}
