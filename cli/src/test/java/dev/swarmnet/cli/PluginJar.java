package dev.swarmnet.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a plugin jar the way a user would: compiles a {@code SubroutineProvider} source against
 * swarmnet's API (this test's class path) with javax.tools, lists it in META-INF/services, jars it.
 */
final class PluginJar {
    /** A plugin in the style of the seed's examples: batches, a stream, a send subroutine. */
    static final String GREETER = """
            package demo.plugin;

            import dev.swarmnet.Arg;
            import dev.swarmnet.Exposed;
            import dev.swarmnet.SubroutineProvider;
            import java.util.stream.IntStream;
            import java.util.stream.Stream;

            public class Greeter implements SubroutineProvider {
                @Exposed("hello")
                public String hello(@Arg("name") String name, @Arg("punctuation") String punctuation) {
                    return "hello " + name + (punctuation == null ? "" : punctuation);
                }

                @Exposed("countdown")
                public Stream<String> countdown(@Arg("from") int from) {
                    return IntStream.iterate(from, i -> i >= 0, i -> i - 1).mapToObj(i -> "T-" + i);
                }

                @Exposed("nap")
                public String nap(@Arg("millis") int millis) throws InterruptedException {
                    Thread.sleep(millis);
                    return "rested";
                }

                @Exposed("checksum")
                public int checksum(byte[] buffer) {
                    int sum = 0;
                    for (byte b : buffer) {
                        sum += b & 0xff;
                    }
                    return sum;
                }
            }
            """;

    private PluginJar() {
    }

    /** {@code demo.plugin.Greeter} as {@code dir/greeter.jar}. */
    static Path greeter(Path dir) throws IOException {
        return build(dir, "greeter.jar", "demo.plugin.Greeter", GREETER, true);
    }

    static Path build(Path dir, String jarName, String className, String source, boolean listService)
            throws IOException {
        Path src = dir.resolve("src-" + jarName);
        Path classes = dir.resolve("classes-" + jarName);
        Path file = src.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.createDirectories(classes);
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, System.err, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), "--release", "17", file.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac failed for " + className);
        }
        Path jar = dir.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> walk = Files.walk(classes)) {
            for (Path c : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
            if (listService) {
                out.putNextEntry(new JarEntry("META-INF/services/dev.swarmnet.SubroutineProvider"));
                write(out, List.of(className));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(OutputStream out, List<String> lines) throws IOException {
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
