package dev.swarmnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Running examples and checking that the docs (README and docs/) show their code between two markers, letter for letter. */
final class Examples {
    private Examples() {
    }

    /** What {@code example} prints on System.out. */
    static String output(Example example) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** An example's main method. */
    @FunctionalInterface
    interface Example {
        void run() throws Exception;
    }

    /** {@code marker} is e.g. "README-EXAMPLE": the code lies between "// marker-START" and "// marker-END". */
    static void assertReadmeShows(String exampleClass, String marker) throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/swarmnet/examples/" + exampleClass + ".java"));
        StringBuilder docs = new StringBuilder(Files.readString(Path.of("../README.md")));
        try (var pages = Files.list(Path.of("../docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                docs.append('\n').append(Files.readString(page));
            }
        }
        String readme = docs.toString();
        String start = "// " + marker + "-START";
        int from = source.indexOf(start);
        int to = source.indexOf("// " + marker + "-END");
        assertThat(from).as("start marker in " + exampleClass).isNotNegative();
        assertThat(to).as("end marker in " + exampleClass).isGreaterThan(from);
        assertThat(normalise(readme)).contains(normalise(source.substring(from + start.length(), to)));
    }

    /** Indentation differs between the class and the README; the code must not. */
    private static String normalise(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
