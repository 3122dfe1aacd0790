package dev.swarmnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of {@code dev.swarmnet} is the checked-in listing {@code core/api/dev.swarmnet.api}: every
 * public type and every public or protected member, one line each. A change to the API then shows in a
 * review as a change to that file. After a deliberate change, rewrite the listing with
 * {@code mvn -B verify -pl core -Dtest=PublicApiTest -Dswarmnet.api.update=true} and commit it.
 */
class PublicApiTest {
    private static final Path LISTING = Path.of("api", "dev.swarmnet.api");

    @Test
    void thePublicApiIsTheCheckedInListing() throws IOException, URISyntaxException, ClassNotFoundException {
        String actual = String.join("\n", listing()) + "\n";
        if (Boolean.getBoolean("swarmnet.api.update")) {
            Files.createDirectories(LISTING.getParent());
            Files.writeString(LISTING, actual, StandardCharsets.UTF_8);
        }
        assertThat(LISTING).as("the checked-in API listing (see this test's javadoc to update it)").exists();
        assertThat(actual)
                .as("the public API differs from %s; if the change is deliberate, rewrite the listing with "
                        + "-Dswarmnet.api.update=true and commit it", LISTING.toAbsolutePath())
                .isEqualTo(Files.readString(LISTING, StandardCharsets.UTF_8));
    }

    @Test
    void theListingSeesAPublicMethodAndNotAPrivateOne() throws Exception {
        List<String> lines = describe(Client.class);
        assertThat(lines).anyMatch(l -> l.contains("dev.swarmnet.Client.ping(java.lang.String)"));
        assertThat(lines).noneMatch(l -> l.startsWith("  private"));
        assertThat(listing()).contains("public final class dev.swarmnet.Client implements java.lang.AutoCloseable");
    }

    /** Every public type of the package, in name order, each followed by its members in name order. */
    static List<String> listing() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Client.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.list(classes.resolve("dev/swarmnet"))) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
                    .map(n -> "dev.swarmnet." + n.substring(0, n.length() - ".class".length()))
                    .sorted()
                    .toList();
        }
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, Client.class.getClassLoader());
            if (isVisible(type)) {
                lines.addAll(describe(type));
            }
        }
        return lines;
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> describe(Class<?> type) {
        List<String> lines = new ArrayList<>();
        lines.add(header(type));
        List<String> members = new ArrayList<>();
        Stream.of(type.getDeclaredConstructors(), type.getDeclaredMethods(), type.getDeclaredFields())
                .flatMap(Arrays::stream)
                .filter(m -> visible((Member) m))
                .forEach(m -> members.add("  " + signature(m)));
        members.sort(null);
        lines.addAll(members);
        return lines;
    }

    private static boolean visible(Member m) {
        int mod = m.getModifiers();
        return (Modifier.isPublic(mod) || Modifier.isProtected(mod)) && !m.isSynthetic()
                && !(m instanceof Method method && method.isBridge());
    }

    private static String signature(Object member) {
        if (member instanceof Method m) {
            return m.toGenericString();
        }
        if (member instanceof Constructor<?> c) {
            return c.toGenericString();
        }
        if (member instanceof Field f) {
            return f.toGenericString();
        }
        throw new IllegalArgumentException(String.valueOf(member));
    }

    private static String header(Class<?> type) {
        String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface"
                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
        int mods = type.getModifiers() & ~(Modifier.INTERFACE | Modifier.ABSTRACT * (type.isInterface() ? 1 : 0));
        if (type.isEnum() || type.isRecord()) {
            mods &= ~(Modifier.FINAL | Modifier.STATIC);
        }
        StringBuilder s = new StringBuilder(Modifier.toString(mods)).append(' ').append(kind).append(' ')
                .append(type.getTypeName());
        if (type.getTypeParameters().length > 0) {
            s.append(Arrays.stream(type.getTypeParameters()).map(Object::toString).toList().toString()
                    .replace('[', '<').replace(']', '>'));
        }
        if (type.getGenericSuperclass() != null && !type.isEnum() && !type.isRecord()
                && type.getGenericSuperclass() != Object.class) {
            s.append(" extends ").append(type.getGenericSuperclass().getTypeName());
        }
        if (type.getGenericInterfaces().length > 0) {
            s.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ",
                    Arrays.stream(type.getGenericInterfaces()).map(java.lang.reflect.Type::getTypeName).toList()));
        }
        return s.toString();
    }
}
