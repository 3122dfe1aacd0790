package dev.swarmnet.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.FileQuery;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Include and exclude globs as the one regex the gateway applies, over relative paths. */
class GlobsTest {
    private static final List<String> PATHS = List.of("a.c", "a.o", "x/y/b.o", "build/out.bin", "sub/build/z.txt",
            "build", "src/Main.java", "src/pkg/Util.java", "Top.java", "node_modules/m/index.js", "notes.txt",
            "b1.txt", "b22.txt", "bx.txt");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of(), List.of("*.o"), List.of("a.c", "build/out.bin", "sub/build/z.txt", "build",
                        "src/Main.java", "src/pkg/Util.java", "Top.java", "node_modules/m/index.js", "notes.txt",
                        "b1.txt", "b22.txt", "bx.txt")),
                Arguments.of(List.of("**/*.java"), List.of(), List.of("src/Main.java", "src/pkg/Util.java", "Top.java")),
                Arguments.of(List.of("src/**"), List.of("*/pkg/"), List.of("src/Main.java")),
                Arguments.of(List.of(), List.of("build/", "node_modules", "*.txt", "*.o", "*.java"),
                        List.of("a.c", "build")),
                Arguments.of(List.of(), List.of("/build"), List.of("a.c", "a.o", "x/y/b.o", "sub/build/z.txt",
                        "src/Main.java", "src/pkg/Util.java", "Top.java", "node_modules/m/index.js", "notes.txt",
                        "b1.txt", "b22.txt", "bx.txt")),
                Arguments.of(List.of("b?.txt", "[an]*"), List.of("[!n]otes*"), List.of("a.c", "a.o",
                        "node_modules/m/index.js", "notes.txt", "b1.txt", "bx.txt")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void selectsWhatRsyncWould(List<String> includes, List<String> excludes, List<String> selected) {
        Pattern p = Pattern.compile(Globs.combine(null, includes, excludes));
        assertThat(PATHS.stream().filter(path -> p.matcher(path).matches()).toList())
                .containsExactlyElementsOf(selected);
    }

    @Test
    void aRegexAndGlobsMustBothMatch() {
        FileQuery q = FileQuery.folder("src").regex(".*\\.java").exclude("pkg/");
        Pattern p = Pattern.compile(q.selection());
        assertThat(PATHS.stream().filter(path -> p.matcher(path).matches()).toList())
                .containsExactly("src/Main.java", "Top.java");
        assertThat(FileQuery.folder("src").selection()).isNull();
        assertThat(FileQuery.folder("src").regex("x").selection()).isEqualTo("x");
    }

    @Test
    void badGlobsAreRefused() {
        assertThatThrownBy(() -> FileQuery.folder("x").include("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileQuery.folder("x").exclude("[abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileQuery.files("a").include("*")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FileQuery.folder("x").include((String) null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
