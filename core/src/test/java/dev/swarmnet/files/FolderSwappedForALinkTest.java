package dev.swarmnet.files;

import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.support.FileTrees.sha256;
import static dev.swarmnet.support.FileTrees.snapshot;
import static dev.swarmnet.support.FileTrees.temporaries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferListener;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import dev.swarmnet.support.TreeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * A local user who can write in a share or in the download folder swaps a folder for a link to elsewhere while
 * a transfer runs (rename it away, put a link in its place). The gateway reaches every file one name at a time
 * from the share, or writes relative to the folder it opened, so nothing is read from or written to the link's
 * target. Most swaps are made at fixed points (after the listing's part arrived, between two uploads); the last two
 * tests race a thread that swaps as fast as it can ({@link SwapRace}).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // the timed races; the rounds take seconds
class FolderSwappedForALinkTest {
    private static final int RACE_ROUNDS = 25;

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path share;
    private Path outside;
    private Path down;
    private Path inbox;
    private Controller controller;

    @BeforeEach
    void setUp() throws Exception {
        share = fs.share();
        down = fs.down();
        inbox = fs.inbox();
        outside = Files.createDirectories(fs.path("outside"));
        // The same names, sizes and mtimes outside as inside: only the contents tell where a byte came from.
        for (String name : List.of("a.txt", "b.txt", "big.bin")) {
            int size = name.equals("big.bin") ? 3 * TreeBuilder.MIB : 4000;
            Path inside = fs.write(share.resolve("data/sub"), name, size);
            Path copy = fs.write(outside.resolve(name), TreeBuilder.contents("outside " + name, size));
            Files.setLastModifiedTime(copy, Files.getLastModifiedTime(inside));
        }
        controller = fs.controller();
    }

    @Test
    void aSharedFolderSwappedForALinkAfterTheListingSendsNothingFromOutside() throws Exception {
        SortedMap<String, String> outsideBefore = snapshot(outside);
        TransferReport report;
        try (Client client = controller.getClient()) {
            report = client.getFilesFromGateway(FileQuery.folder("data").recursive(true), swapOnListing("data/sub"));
            assertThat(client.ping("still usable")).isEqualTo("still usable");
        }
        assertNothingFromOutside(report);
        assertThat(report.failures()).extracting(FileFailure::path)
                .containsExactlyInAnyOrder("sub/a.txt", "sub/b.txt", "sub/big.bin");
        assertThat(report.failures()).allSatisfy(f -> assertThat(f.reason()).contains("link"));
        assertThat(snapshot(outside)).isEqualTo(outsideBefore);
    }

    @Test
    void aSwarmFetchesNothingFromOutsideEither() throws Exception {
        try (Swarm swarm = controller.swarm(3)) {
            swarm.stripeSize(256 * 1024);
            TransferReport report = swarm.getFilesFromGateway(FileQuery.folder("data").recursive(true),
                    swapOnListing("data/sub"));
            assertNothingFromOutside(report);
            assertThat(report.files()).isZero();
        }
    }

    @Test
    void anUploadFolderSwappedForALinkBetweenUploadsWritesNothingOutside() throws Exception {
        Path local = Files.createDirectories(fs.path("local"));
        Path first = fs.write(local, "first.txt", 3000);
        Path second = fs.write(local, "second.txt", 3000);
        SortedMap<String, String> outsideBefore = snapshot(outside);
        try (Client client = controller.getClient()) {
            assertThat(client.sendFilesToGateway("up/sub", List.of(first)).succeeded()).isTrue();
            swapForLink(inbox.resolve("up/sub"));
            // The connection writes into the folder it opened (moved, but inside the download folder).
            assertThat(client.sendFilesToGateway("up/sub", List.of(second)).succeeded()).isTrue();
        }
        assertThat(sha256(inbox.resolve("up/sub.moved/second.txt"))).isEqualTo(sha256(second));
        try (Client fresh = controller.getClient()) {
            // A new connection meets the link, and refuses it.
            TransferReport refused = fresh.sendFilesToGateway("up/sub", List.of(second));
            assertThat(refused.failures()).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains(ErrorCode.FORBIDDEN.name()).contains("link"));
        }
        assertThat(snapshot(outside)).isEqualTo(outsideBefore);
        assertThat(temporaries(inbox)).isEmpty();
    }

    @Test
    void downloadsWhileAFolderAndALinkSwapPlacesGetNothingFromOutside() throws Exception {
        Set<String> secrets = Set.copyOf(digests(outside).values());
        SortedMap<String, String> outsideBefore = snapshot(outside);
        SwapRace race = SwapRace.swapping(share.resolve("data/sub"), outside, RACE_ROUNDS);
        long files = 0;
        try (Client client = controller.getClient(); Swarm swarm = controller.swarm(3)) {
            swarm.stripeSize(512 * 1024);
            for (int round = 0; race.goOn(round); round++) {
                TransferReport report = round % 2 == 0
                        ? client.getFilesFromGateway(FileQuery.folder("data").recursive(true))
                        : swarm.getFilesFromGateway(FileQuery.folder("data").recursive(true));
                files += report.files();
                if (Files.exists(down)) {
                    assertThat(digests(down).values()).as("round %d", round).doesNotContainAnyElementsOf(secrets);
                    assertThat(temporaries(down)).isEmpty();
                    deleteTree(down);
                }
            }
        } finally {
            race.stop();
        }
        race.report("downloads", files);
        assertThat(snapshot(outside)).isEqualTo(outsideBefore);
    }

    @Test
    void uploadsWhileAFolderAndALinkSwapPlacesWriteNothingOutside() throws Exception {
        Path local = Files.createDirectories(fs.path("local"));
        List<Path> sources = List.of(fs.write(local, "first.txt", 3000), fs.write(local, "big.bin", TreeBuilder.MIB));
        Path landing = Files.createDirectories(inbox.resolve("up/sub"));
        Path elsewhere = Files.createDirectories(fs.path("elsewhere"));
        SortedMap<String, String> elsewhereBefore = snapshot(elsewhere);
        SwapRace race = SwapRace.swapping(landing, elsewhere, RACE_ROUNDS);
        long files = 0;
        try {
            for (int round = 0; race.goOn(round); round++) {
                try (Client client = controller.getClient()) {
                    files += client.sendFilesToGateway("up/sub", sources).files();
                }
                try (Swarm swarm = controller.swarm(2)) {
                    swarm.stripeSize(128 * 1024);
                    files += swarm.sendFilesToGateway("up/sub", sources).files();
                }
                assertThat(snapshot(elsewhere)).as("round %d", round).isEqualTo(elsewhereBefore);
            }
        } finally {
            race.stop();
        }
        race.report("uploads", files);
        assertThat(snapshot(elsewhere)).isEqualTo(elsewhereBefore);
        // A striped upload cut short keeps its verified pieces for a resume (swept after the retention); any
        // other temporary of a failed upload is removed at once.
        assertThat(temporaries(inbox)).as("temporaries left in the download folder")
                .allSatisfy(t -> assertThat(t).containsAnyOf(".upload.swarmnet-part", ".ranges.swarmnet-part"));
        try (var landed = Files.walk(inbox)) {
            for (Path p : landed.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(FileFixture.TEMPORARY_SUFFIX)).toList()) {
                assertThat(sha256(p)).as("%s is whole", p).isEqualTo(sha256(local.resolve(p.getFileName().toString())));
            }
        }
    }

    /** Swaps {@code folder} (below the share) for a link to the outside folder once the listing's part arrived. */
    private TransferListener swapOnListing(String folder) {
        return new TransferListener() {
            @Override
            public void filesListed(int files, long bytes) {
                try {
                    swapForLink(share.resolve(folder));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private void swapForLink(Path folder) throws IOException {
        if (!Files.isSymbolicLink(folder)) {
            Files.move(folder, folder.resolveSibling(folder.getFileName() + ".moved"));
            Files.createSymbolicLink(folder, outside);
        }
    }

    /** No downloaded file has the bytes of a file outside, and no temporary is left. */
    private void assertNothingFromOutside(TransferReport report) throws IOException {
        List<String> secrets = List.of(sha256(outside.resolve("a.txt")), sha256(outside.resolve("b.txt")),
                sha256(outside.resolve("big.bin")));
        if (Files.exists(down)) {
            assertThat(digests(down).values()).doesNotContainAnyElementsOf(secrets);
            assertThat(temporaries(down)).isEmpty();
        }
        assertThat(report.files() + report.failures().size()).as("every listed file accounted for").isEqualTo(3);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
