package dev.swarmnet;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The keyword name of an {@link Exposed} method's parameter, for code compiled without
 * {@code -parameters} or when the wire name differs from the Java name:
 * {@code @Exposed("sensor") void sensor(@Arg("pin") int pin, @Arg("swarm_index") int index, StreamOutput out)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Arg {
    /** The keyword argument's name. */
    String value();
}
