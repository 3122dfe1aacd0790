package dev.swarmnet.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listings of folders large enough for the attributes to be read by helper threads: the same selection as
 * one thread's, in blocks (more entries than one block), with sub-folders, links and temporaries among them,
 * and complete even when no helper ever runs.
 */
class AttributeReaderTest {
    /** More than one block of the walk, and far more than the parallel threshold. */
    private static final int TOP_FILES = 5_000;
    private static final int SUB_FILES = 700;

    /** Made once: thousands of files take seconds on a disk, and no test changes them. */
    @TempDir
    static Path tempDir;

    private static Path folder;
    private ExecutorService pool;

    @BeforeAll
    static void makeFolder() throws IOException {
        folder = Files.createDirectories(tempDir.toRealPath().resolve("folder"));
        for (int i = 0; i < TOP_FILES; i++) {
            Files.writeString(folder.resolve(String.format("f%05d.log", i)), "x".repeat(i % 7));
        }
        for (int i = 0; i < SUB_FILES; i++) {
            SandboxFixture.write(folder.resolve(String.format("sub/deep/g%04d.log", i)), "g" + i);
        }
        SandboxFixture.write(folder.resolve(".f00001.log.0123456789abcdef.swarmnet-part"), "partial");
        Files.createSymbolicLink(folder.resolve("linked.log"), folder.resolve("f00002.log"));
        Files.createSymbolicLink(folder.resolve("sub-link"), folder.resolve("sub"));
    }

    @BeforeEach
    void startPool() {
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void helpersSelectWhatOneThreadSelects() throws IOException {
        List<String> serial = describe(FileSelector.select(folder, null, true, 100_000));
        List<String> parallel = describe(FileSelector.select(folder, null, true, 100_000, new AttributeReader(pool, 3)));
        assertThat(serial).hasSize(TOP_FILES + SUB_FILES); // links are not followed, to a file or a folder
        assertThat(parallel).isEqualTo(serial);
        assertThat(describe(FileSelector.select(folder, null, false, 100_000, new AttributeReader(pool, 3))))
                .hasSize(TOP_FILES);
    }

    @Test
    void theCallerReadsEverythingWhenNoHelperRuns() throws IOException {
        AtomicInteger refused = new AtomicInteger();
        AttributeReader rejecting = new AttributeReader(task -> {
            refused.incrementAndGet();
            throw new RejectedExecutionException("closing");
        }, 2);
        AttributeReader idle = new AttributeReader(task -> { }, 2); // accepted but never run
        List<String> serial = describe(FileSelector.select(folder, null, true, 100_000));
        assertThat(describe(FileSelector.select(folder, null, true, 100_000, rejecting))).isEqualTo(serial);
        assertThat(describe(FileSelector.select(folder, null, true, 100_000, idle))).isEqualTo(serial);
        assertThat(refused).hasPositiveValue();
    }

    @Test
    void theFileLimitHoldsWithHelpers() {
        assertThatThrownBy(() -> FileSelector.select(folder, null, true, TOP_FILES, new AttributeReader(pool, 3)))
                .isInstanceOf(TooManyFilesException.class);
    }

    @Test
    void refusesANegativeHelperCount() {
        assertThatThrownBy(() -> new AttributeReader(pool, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> describe(List<FileSelector.SelectedFile> files) {
        List<String> lines = new ArrayList<>();
        for (FileSelector.SelectedFile f : files) {
            lines.add( f.relativePath() + " " + f.file().path() + " " + f.size() + " " + f.mtimeNanos());
        }
        return lines;
    }
}
