package dev.swarmnet.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A name is exact when its bytes round-trip through its string; the others are shown with \xNN. */
class ExactNamesTest {
    @TempDir
    Path tmp;

    @Test
    void badBytesAreShownAsHexAndValidUtf8AsText() {
        byte[] bytes = "é-\uD83D\uDE00-".getBytes(StandardCharsets.UTF_8);
        byte[] withBad = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, withBad, 0, bytes.length);
        withBad[bytes.length] = (byte) 0xff;
        withBad[bytes.length + 1] = (byte) 0xc3; // a lead byte cut short
        withBad[bytes.length + 2] = 'z';
        assertThat(ExactNames.escaped(withBad)).isEqualTo("é-\uD83D\uDE00-\\xff\\xc3z");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFolderListsANameThatIsNotUtf8Apart() throws Exception {
        Files.writeString(tmp.resolve("日本.txt"), "x");
        Process p = new ProcessBuilder("bash", "-c", "touch $'a\\xff b.txt'").directory(tmp.toFile()).start();
        assertThat(p.waitFor()).isZero();
        try (Stream<Path> listing = Files.list(tmp)) {
            List<Path> entries = listing.toList();
            assertThat(entries).filteredOn(ExactNames::isExact).extracting(e -> e.getFileName().toString())
                    .containsExactly("日本.txt");
            assertThat(entries).filteredOn(e -> !ExactNames.isExact(e)).extracting(ExactNames::shown)
                    .containsExactly("a\\xff b.txt");
        }
        for (boolean handles : new boolean[] {true, false}) {
            try (Folder folder = Folder.open(tmp, handles)) {
                Folder.Listing listing = folder.list();
                assertThat(listing.names()).containsExactly("日本.txt");
                assertThat(listing.notUtf8()).containsExactly("a\\xff b.txt");
            }
        }
    }
}
