package dev.swarmnet.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.swarmnet.support.FileTrees.changedMillis;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's kept checksums, on real files: kept only for a settled file that did not change while it was
 * read, found only for the same range of the same version, never after a write, forgotten beyond the bound.
 * The wall clock is a field, so "settled" needs no waiting.
 */
class ChecksumCacheTest {
    @TempDir
    Path tmp;

    private Path file;
    private final AtomicLong now = new AtomicLong();

    @BeforeEach
    void createFile() throws IOException {
        file = tmp.resolve("big.bin");
        Files.write(file, new byte[64 * 1024]);
        now.set(changedMillis(file) + ChecksumCache.SETTLED_MILLIS + 1);
    }

    @Test
    void aSettledFileKeepsItsChecksumForThatRangeOnly() {
        ChecksumCache cache = new ChecksumCache(16, now::get);

        cache.remember(cache.lookUp(file, null, 0, 4096, false), 1234);

        assertThat(cache.lookUp(file, null, 0, 4096, false).known()).isEqualTo(1234);
        assertThat(cache.lookUp(file, null, 4096, 4096, false).known()).isNull();
        assertThat(cache.lookUp(file, null, 0, 8192, false).known()).isNull();
    }

    @Test
    void aFileChangedWithinTheLastSecondIsNotKept() {
        now.set(now.get() - 2); // its ctime is SETTLED_MILLIS - 1 old
        ChecksumCache cache = new ChecksumCache(16, now::get);

        cache.remember(cache.lookUp(file, null, 0, 4096, false), 1234);

        assertThat(cache.size()).isZero();
    }

    @Test
    void aWriteAfterTheChecksumWasKeptMakesItUnknownEvenWithTheOldMtimeAndSize() throws IOException {
        ChecksumCache cache = new ChecksumCache(16, now::get);
        FileTime mtime = Files.getLastModifiedTime(file);
        ChecksumCache.Lookup before = cache.lookUp(file, null, 0, 4096, false);
        cache.remember(before, 1234);

        // A write in the same tick of the kernel's coarse clock as the file's creation would leave its ctime as
        // it was: in real use the settled rule excludes that (the clock here is a field), so let the clock move.
        long created = changedMillis(file);
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > created + 50);
        Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.WRITE); // same size: overwrites the start
        Files.setLastModifiedTime(file, mtime);

        assertThat(cache.unchangedSince(before)).isFalse();
        assertThat(cache.lookUp(file, null, 0, 4096, false).known()).isNull();
    }

    @Test
    void aWriteBetweenTheLookUpAndTheEndOfTheReadIsNotKept() throws IOException {
        ChecksumCache cache = new ChecksumCache(16, now::get);
        ChecksumCache.Lookup lookup = cache.lookUp(file, null, 0, 4096, false);

        Files.write(file, new byte[] {9}, StandardOpenOption.APPEND);
        cache.remember(lookup, 1234);

        assertThat(cache.size()).isZero();
    }

    @Test
    void aFileReplacedByAnotherWithTheSameSizeAndMtimeIsAnotherVersion() throws IOException {
        ChecksumCache cache = new ChecksumCache(16, now::get);
        FileTime mtime = Files.getLastModifiedTime(file);
        cache.remember(cache.lookUp(file, null, 0, 4096, false), 1234);

        Path other = tmp.resolve("other.bin");
        Files.write(other, new byte[64 * 1024]);
        Files.setLastModifiedTime(other, mtime);
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(cache.lookUp(file, null, 0, 4096, false).known()).isNull();
    }

    @Test
    void aRereadIgnoresTheKeptChecksumAndReplacesIt() {
        ChecksumCache cache = new ChecksumCache(16, now::get);
        cache.remember(cache.lookUp(file, null, 0, 4096, false), 1234);

        ChecksumCache.Lookup reread = cache.lookUp(file, null, 0, 4096, true);
        assertThat(reread.known()).isNull();
        cache.remember(reread, 5678);

        assertThat(cache.lookUp(file, null, 0, 4096, false).known()).isEqualTo(5678);
    }

    @Test
    void theLeastRecentlyUsedRangeGoesBeyondTheBound() {
        ChecksumCache cache = new ChecksumCache(2, now::get);
        cache.remember(cache.lookUp(file, null, 0, 100, false), 1);
        cache.remember(cache.lookUp(file, null, 100, 100, false), 2);
        assertThat(cache.lookUp(file, null, 0, 100, false).known()).isEqualTo(1); // now the most recently used

        cache.remember(cache.lookUp(file, null, 200, 100, false), 3);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.lookUp(file, null, 100, 100, false).known()).isNull();
        assertThat(cache.lookUp(file, null, 0, 100, false).known()).isEqualTo(1);
        assertThat(cache.lookUp(file, null, 200, 100, false).known()).isEqualTo(3);
    }

    @Test
    void noneAndAMissingFileKeepNothing() {
        ChecksumCache none = ChecksumCache.none();
        none.remember(none.lookUp(file, null, 0, 4096, false), 1234);
        assertThat(none.lookUp(file, null, 0, 4096, false).known()).isNull();

        ChecksumCache cache = new ChecksumCache(16, now::get);
        Path missing = tmp.resolve("missing.bin");
        ChecksumCache.Lookup lookup = cache.lookUp(missing, null, 0, 4096, false);
        cache.remember(lookup, 1234);
        assertThat(cache.size()).isZero();
        assertThat(cache.unchangedSince(lookup)).isFalse();
    }

    @Test
    void aPathThatNoLongerLeadsToTheFileBeingSentKeepsNothing() throws IOException {
        ChecksumCache cache = new ChecksumCache(16, now::get);
        Path other = tmp.resolve("other.bin");
        Files.write(other, new byte[64 * 1024]);
        Object otherKey = Files.readAttributes(other, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        cache.remember(cache.lookUp(file, otherKey, 0, 4096, false), 1234);

        assertThat(cache.size()).isZero();
        Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        cache.remember(cache.lookUp(file, key, 0, 4096, false), 1234);
        assertThat(cache.lookUp(file, key, 0, 4096, false).known()).isEqualTo(1234);
        assertThat(cache.lookUp(file, otherKey, 0, 4096, false).known()).isNull();
    }

    @Test
    void aNegativeBoundIsRefused() {
        assertThatThrownBy(() -> new ChecksumCache(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
