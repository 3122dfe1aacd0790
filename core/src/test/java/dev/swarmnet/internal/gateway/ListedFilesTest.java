package dev.swarmnet.internal.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.internal.files.SharedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
        listed.remember(listing("a", "b"));
        assertThat(listed.take("a").path()).isEqualTo(dir.resolve("a"));
        assertThat(listed.take("a")).isNull();
        assertThat(listed.take("never-listed")).isNull();
        assertThat(listed.take("b")).isNotNull();
    }

    @Test
    void theNewestListingOfANameWins() {
        ListedFiles listed = new ListedFiles(10);
        Map<String, SharedFile> older = listing("a");
        listed.remember(older);
        Map<String, SharedFile> newer = ListedFiles.newListing();
        newer.put("a", new SharedFile(dir.resolve("newer"), attrs));
        listed.remember(newer);
        assertThat(listed.take("a").path()).isEqualTo(dir.resolve("newer"));
        assertThat(listed.take("a").path()).isEqualTo(dir.resolve("a")); // then the older one
    }

    @Test
    void theOldestListingsAreForgottenBeyondTheBound() {
        ListedFiles listed = new ListedFiles(3);
        listed.remember(listing("a", "b"));
        listed.remember(listing("c", "d"));
        assertThat(listed.take("a")).isNull();
        assertThat(listed.take("c")).isNotNull();
        assertThat(listed.take("d")).isNotNull();
    }

    @Test
    void anEmptyListingChangesNothingAndTheBoundMustBePositive() {
        ListedFiles listed = new ListedFiles(1);
        listed.remember(listing("a"));
        listed.remember(ListedFiles.newListing());
        assertThat(listed.take("a")).isNotNull();
        assertThatThrownBy(() -> new ListedFiles(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListingIsForgottenAfterTenMinutes() {
        AtomicLong now = new AtomicLong();
        ListedFiles listed = new ListedFiles(10, now::get);
        listed.remember(listing("a", "b"));
        now.addAndGet(ListedFiles.KEPT_FOR.toNanos() - 1);
        assertThat(listed.take("a")).isNotNull();
        now.addAndGet(2);
        assertThat(listed.take("b")).isNull();
        listed.remember(listing("c")); // and a new listing drops the expired one for good
        assertThat(listed.take("c")).isNotNull();
        now.addAndGet(-ListedFiles.KEPT_FOR.toNanos());
        assertThat(listed.take("b")).isNull();
    }

    private Map<String, SharedFile> listing(String... names) {
        Map<String, SharedFile> listing = ListedFiles.newListing();
        for (String name : names) {
            listing.put(name, new SharedFile(dir.resolve(name), attrs));
        }
        return listing;
    }
}
