package dev.swarmnet.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder query's cost is counted over the whole walk, matched or not: entries visited, regex steps, folder
 * levels; and the walk stops when its answer is no longer wanted.
 */
class QueryBudgetTest {
    @TempDir
    Path tmp;

    @Test
    void everyEntryVisitedCountsMatchedOrNot() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("many"));
        for (int i = 0; i < 41; i++) {
            Files.writeString(folder.resolve("f" + i), "x");
        }
        // 40 entries may be visited; none of the 41 names matches.
        assertThatThrownBy(() -> walk(folder, Pattern.compile("nothing"), entries(40)))
                .isInstanceOf(QueryTooCostlyException.class)
                .hasMessageContaining("more than 40 files and folders")
                .hasMessageNotContaining(folder.toString());
        Files.delete(folder.resolve("f40"));
        assertThat(walk(folder, Pattern.compile("nothing"), entries(40))).isEmpty();
    }

    @Test
    void regexStepsAreCountedOverTheWholeWalk() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("names"));
        // Each name costs this pattern about 3.4 million reads: under the limit for one name, but 15 pass the
        // limit for the whole query.
        for (int i = 0; i < 15; i++) {
            Files.writeString(folder.resolve(String.format("file-%06d.txt", i)), "x");
        }
        Pattern costly = Pattern.compile(".*.*.*.*.*.*.*.*.*!");
        assertThatThrownBy(() -> walk(folder, costly, QueryBudget.forFiles(100)))
                .isInstanceOf(QueryTooCostlyException.class)
                .hasMessageContaining(Long.toString(QueryBudget.MAX_REGEX_READS));
        for (int i = 2; i < 15; i++) {
            Files.delete(folder.resolve(String.format("file-%06d.txt", i)));
        }
        assertThat(walk(folder, costly, QueryBudget.forFiles(100))).isEmpty();
    }

    @Test
    void theWalkGoesNoDeeperThanTheLimit() throws IOException {
        Path folder = tmp.resolve("deep");
        Path bottom = folder.resolve("d/".repeat(QueryBudget.MAX_WALK_DEPTH));
        Files.createDirectories(bottom);
        Files.writeString(bottom.resolve("f"), "x");
        assertThat(walk(folder, null, QueryBudget.forFiles(10))).hasSize(1);
        Files.createDirectory(bottom.resolve("d"));
        assertThatThrownBy(() -> walk(folder, null, QueryBudget.forFiles(10)))
                .isInstanceOf(QueryTooCostlyException.class)
                .hasMessageContaining("more than " + QueryBudget.MAX_WALK_DEPTH + " levels deep");
        assertThat(walk(bottom.getParent(), null, QueryBudget.forFiles(10))).hasSize(1);
    }

    @Test
    void aWalkNoLongerWantedStopsAtTheNextCheck() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("wanted"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(folder.resolve("f" + i), "x");
        }
        AtomicLong clock = new AtomicLong();
        AtomicInteger checks = new AtomicInteger();
        QueryBudget budget = new QueryBudget(100, () -> {
            if (checks.incrementAndGet() == 3) {
                throw new IOException("the client left");
            }
        }, clock::get);
        try (FileSelector walk = new FileSelector(Folder.open(folder), 0, folder, "", Pattern.compile("none"), true,
                budget, AttributeReader.SERIAL)) {
            clock.set(QueryBudget.CHECK_INTERVAL_NANOS - 1);
            assertThat(walk.next(1)).as("not yet asked: the interval has not passed").isEmpty();
            assertThat(checks).hasValue(0);
        }
        clock.set(0);
        QueryBudget ticking = new QueryBudget(100, () -> {
            if (checks.incrementAndGet() == 3) {
                throw new IOException("the client left");
            }
        }, () -> clock.addAndGet(QueryBudget.CHECK_INTERVAL_NANOS));
        try (FileSelector walk = new FileSelector(Folder.open(folder), 0, folder, "", Pattern.compile("none"), true,
                ticking, AttributeReader.SERIAL)) {
            assertThatThrownBy(() -> walk.next(100)).isInstanceOf(IOException.class).hasMessage("the client left");
        }
        assertThat(checks).hasValue(3);
    }

    @Test
    void validatesArguments() {
        assertThatThrownBy(() -> QueryBudget.forFiles(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueryBudget(1, null)).isInstanceOf(NullPointerException.class);
        assertThat(QueryBudget.forFiles(3).maxEntries()).isEqualTo(QueryBudget.MIN_ENTRIES);
        assertThat(QueryBudget.forFiles(100_000).maxEntries()).isEqualTo(100_000L * QueryBudget.ENTRIES_PER_FILE);
    }

    private static QueryBudget entries(long maxEntries) {
        return new QueryBudget(100, maxEntries, () -> { }, System::nanoTime);
    }

    private static List<String> walk(Path folder, Pattern regex, QueryBudget budget) throws IOException {
        List<String> names = new ArrayList<>();
        try (FileSelector walk = new FileSelector(Folder.open(folder), 0, folder, "", regex, true, budget,
                AttributeReader.SERIAL)) {
            for (List<FileSelector.SelectedFile> part = walk.next(100); !part.isEmpty(); part = walk.next(100)) {
                part.forEach(f -> names.add(f.relativePath()));
            }
        }
        return names;
    }
}
