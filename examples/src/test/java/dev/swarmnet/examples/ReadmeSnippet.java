package dev.swarmnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that the README shows an example's code between two markers, letter for letter. */
final class ReadmeSnippet {
    private ReadmeSnippet() {
    }

    /** {@code marker} is e.g. "README-EXAMPLE": the code lies between "// marker-START" and "// marker-END". */
    static void assertReadmeShows(String exampleClass, String marker) throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/swarmnet/examples/" + exampleClass + ".java"));
        String readme = Files.readString(Path.of("../README.md"));
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
