package dev.swarmnet.internal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.internal.files.SharedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gateway remembers of its listings: each name served once, newest listing first, bounded. */
class ListedFilesTest {
    @TempDir
    Path dir;

    private BasicFileAttributes attrs;

    @BeforeEach
    void setUp() throws IOException {
        attrs = Files.readAttributes(dir, BasicFileAttributes.class);
    }

    @Test
    void aListedNameIsHandedOutOnce() {
        ListedFiles listed = new ListedFiles(10);
        listed.begin().addAll(part("a", "b"));
        assertThat(listed.take("a").path()).isEqualTo(dir.resolve("a"));
        assertThat(listed.take("a")).isNull();
        assertThat(listed.take("never-listed")).isNull();
        assertThat(listed.take("b")).isNotNull();
    }

    @Test
    void theNewestListingOfANameWins() {
        ListedFiles listed = new ListedFiles(10);
        listed.begin().addAll(part("a"));
        listed.begin().addAll(Map.of("a", new SharedFile(0, dir, "", "newer", attrs)));
        assertThat(listed.take("a").path()).isEqualTo(dir.resolve("newer"));
        assertThat(listed.take("a").path()).isEqualTo(dir.resolve("a")); // then the older one
    }

    @Test
    void theOldestListingsAreForgottenBeyondTheBound() {
        ListedFiles listed = new ListedFiles(3);
        listed.begin().addAll(part("a", "b"));
        listed.begin().addAll(part("c", "d"));
        assertThat(listed.take("a")).isNull();
        assertThat(listed.take("c")).isNotNull();
        assertThat(listed.take("d")).isNotNull();
    }

    @Test
    void aListingsFilesCanBeTakenPartByPartWhileItGrowsAndItsGrowthCountsTowardsTheBound() {
        ListedFiles listed = new ListedFiles(3);
        listed.begin().addAll(part("a"));
        ListedFiles.Listing growing = listed.begin();
        growing.addAll(part("b"));
        assertThat(listed.take("b")).isNotNull(); // asked for before the listing has ended
        assertThat(listed.take("a")).isNotNull();
        listed.begin().addAll(part("x"));
        growing.addAll(part("c", "d")); // five added: the oldest listings go, the growing one too (not the newest)
        assertThat(listed.take("c")).isNull();
        assertThat(listed.take("x")).isNotNull();
    }

    @Test
    void anEmptyListingChangesNothingAndTheBoundMustBePositive() {
        ListedFiles listed = new ListedFiles(1);
        listed.begin().addAll(part("a"));
        listed.begin().addAll(Map.of());
        assertThat(listed.take("a")).isNotNull();
        assertThatThrownBy(() -> new ListedFiles(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListingIsForgottenAfterTenMinutes() {
        AtomicLong now = new AtomicLong();
        ListedFiles listed = new ListedFiles(10, now::get);
        listed.begin().addAll(part("a", "b"));
        now.addAndGet(ListedFiles.KEPT_FOR.toNanos() - 1);
        assertThat(listed.take("a")).isNotNull();
        now.addAndGet(2);
        assertThat(listed.take("b")).isNull();
        listed.begin().addAll(part("c")); // and a new listing drops the expired one for good
        assertThat(listed.take("c")).isNotNull();
        now.addAndGet(-ListedFiles.KEPT_FOR.toNanos());
        assertThat(listed.take("b")).isNull();
    }

    private Map<String, SharedFile> part(String... names) {
        Map<String, SharedFile> part = new HashMap<>();
        for (String name : names) {
            part.put(name, new SharedFile(0, dir, "", name, attrs));
        }
        return part;
    }
}
