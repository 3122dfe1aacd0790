package dev.swarmnet.internal.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.internal.files.TargetFolders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a download leaves in its folder and who removes it: a partial that no run comes back to goes after the
 * retention (on a fake clock), and the temporaries of a download killed outright go with the next download.
 */
class LeftoversTest {
    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path tmp;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @Test
    void aPartialNoRunCameBackToIsDeletedAfterTheRetentionAndOneInTimeIsKept() throws Exception {
        try (TargetFolders folders = TargetFolders.open(tmp)) {
            keptPartial(folders, "old/a.bin");
            clock.addAndGet(6 * DAY);
            keptPartial(folders, "new/b.bin");
            assertThat(hidden(tmp.resolve("old"))).hasSize(2);

            clock.addAndGet(1 * DAY + 1);
            new PartialRegistry(folders, clock::get).sweep();
            assertThat(hidden(tmp.resolve("old"))).as("7 days and 1 ms old: deleted").isEmpty();
            assertThat(hidden(tmp.resolve("new"))).as("1 day old: kept").hasSize(2);
            assertThat(tmp.resolve(PartialRegistry.NAME)).exists();

            clock.addAndGet(6 * DAY);
            new PartialRegistry(folders, clock::get).sweep();
            assertThat(hidden(tmp.resolve("new"))).isEmpty();
            assertThat(tmp.resolve(PartialRegistry.NAME)).as("an empty registry goes too").doesNotExist();
        }
    }

    @Test
    void aPartialThatIsCompletedLeavesTheRegistry() throws Exception {
        try (TargetFolders folders = TargetFolders.open(tmp)) {
            PartialRegistry registry = new PartialRegistry(folders, clock::get);
            FileEntry entry = new FileEntry("src/c.bin", "c.bin", 4, 1_000_000_000L);
            DownloadPartial partial;
            try (TargetFolders.Target target = folders.target("", entry.dest())) {
                partial = DownloadPartial.open(target.folder(), target.name(), entry, registry);
                assertThat(tmp.resolve(PartialRegistry.NAME)).exists();
                partial.complete(entry.size());
            }
            assertThat(tmp.resolve(PartialRegistry.NAME)).doesNotExist();
        }
    }

    @Test
    void aPartialBeingWrittenIsNotTakenBySecondDownloadOfTheSameFile() throws Exception {
        try (TargetFolders folders = TargetFolders.open(tmp)) {
            PartialRegistry registry = new PartialRegistry(folders, clock::get);
            FileEntry entry = new FileEntry("src/d.bin", "d.bin", 4, 1_000_000_000L);
            try (TargetFolders.Target target = folders.target("", entry.dest())) {
                DownloadPartial first = DownloadPartial.open(target.folder(), target.name(), entry, registry);
                org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> DownloadPartial.open(target.folder(), target.name(), entry, registry))
                        .isInstanceOf(IOException.class).hasMessageContaining("another download");
                assertThat(hidden(tmp)).as("the first one's partial is untouched").hasSize(3);
                first.discard();
            }
        }
    }

    @Test
    void theTemporariesOfADownloadKilledOutrightGoWithTheNextDownloadAndThoseOfARunningOneStay() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("x/y"));
        Path dead = Files.writeString(folder.resolve(".f.txt.0123456789abcdef.swarmnet-part"), "half a file");
        Path partial = Files.writeString(folder.resolve(".g.bin.0a1b2c3d.download.swarmnet-part"), "kept on purpose");
        Path record = tmp.resolve(".run-8000000000000001.swarmnet-part");
        Files.write(record, "x/y\0".getBytes(StandardCharsets.UTF_8)); // a record whose lock nobody holds
        try (TargetFolders folders = TargetFolders.open(tmp); RunRecord running = RunRecord.start(folders)) {
            running.note("x/y");
            Path live = Files.writeString(folder.resolve(".h.txt.fedcba9876543210.swarmnet-part"), "being written");
            assertThat(dead).as("the killed download's temporary").doesNotExist();
            assertThat(record).doesNotExist();
            assertThat(partial).as("a partial is kept for its download").exists();

            try (TargetFolders again = TargetFolders.open(tmp); RunRecord second = RunRecord.start(again)) {
                assertThat(live).as("a running download's temporary").exists();
            }
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".run-")))
                    .as("records end with their downloads").isEmpty();
        }
    }

    /** A partial of {@code dest} with one verified range, kept as a cut download keeps it. */
    private void keptPartial(TargetFolders folders, String dest) throws IOException {
        FileEntry entry = new FileEntry("src/" + dest, dest, 8, 1_000_000_000L);
        try (TargetFolders.Target target = folders.target("", dest)) {
            DownloadPartial partial = DownloadPartial.open(target.folder(), target.name(), entry,
                    new PartialRegistry(folders, clock::get));
            byte[] four = {1, 2, 3, 4};
            partial.data().write(ByteBuffer.wrap(four), 0);
            CRC32C crc = new CRC32C();
            crc.update(four);
            partial.verified(0, 4, crc);
            partial.end();
        }
    }

    private static List<Path> hidden(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
