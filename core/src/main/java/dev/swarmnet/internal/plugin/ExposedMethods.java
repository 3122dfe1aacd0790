package dev.swarmnet.internal.plugin;

import dev.swarmnet.Exposed;
import dev.swarmnet.Subroutine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Finds the {@link Exposed} methods of an object (or the static ones of a class) and binds each. */
public final class ExposedMethods {
    private ExposedMethods() {
    }

    public static Map<String, Subroutine> bind(Object target) {
        Objects.requireNonNull(target, "target");
        boolean staticOnly = target instanceof Class<?>;
        Class<?> type = staticOnly ? (Class<?>) target : target.getClass();
        Object receiver = staticOnly ? null : target;
        Map<String, Subroutine> bound = new TreeMap<>();
        Map<String, Method> origin = new TreeMap<>();
        List<Method> overriding = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                Exposed exposed = method.getAnnotation(Exposed.class);
                if (exposed == null || method.isBridge() || method.isSynthetic() || isOverridden(method, overriding)) {
                    continue;
                }
                overriding.add(method);
                String where = c.getName() + "." + method.getName();
                boolean isStatic = Modifier.isStatic(method.getModifiers());
                if (staticOnly && !isStatic) {
                    throw new IllegalArgumentException("@Exposed method " + where + " is an instance method: pass an"
                            + " instance of " + type.getSimpleName() + " to Subroutines.of, not the class");
                }
                String name = exposed.value().isEmpty() ? method.getName() : exposed.value();
                Method earlier = origin.putIfAbsent(name, method);
                if (earlier != null) {
                    throw new IllegalArgumentException("two @Exposed methods are named '" + name + "': " + where
                            + " and " + earlier.getDeclaringClass().getName() + "." + earlier.getName());
                }
                if (!method.trySetAccessible()) {
                    throw new IllegalArgumentException("swarmnet cannot call @Exposed method " + where + ": make it"
                            + " public in a public class of an exported package, or open its package to module"
                            + " dev.swarmnet");
                }
                bound.put(name, MethodSubroutine.bind(name, method, isStatic ? null : receiver, where));
            }
        }
        if (bound.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no " + (staticOnly ? "static " : "")
                    + "@Exposed methods");
        }
        return Collections.unmodifiableMap(bound);
    }

    /** Whether a subclass method already seen overrides {@code method} (same name and parameter types). */
    private static boolean isOverridden(Method method, List<Method> seen) {
        for (Method m : seen) {
            if (m.getName().equals(method.getName())
                    && java.util.Arrays.equals(m.getParameterTypes(), method.getParameterTypes())) {
                return true;
            }
        }
        return false;
    }
}
