package dev.swarmnet.files;

import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.support.FileTrees.sha256;
import static dev.swarmnet.support.FileTrees.snapshot;
import static dev.swarmnet.support.FileTrees.temporaries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.Background;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local user swaps a folder and a link to elsewhere as fast as a thread can (rename the folder away, a link in
 * its place, the link away, the folder back) while clients download from it, or upload into it, over and over:
 * not one byte from outside arrives, nothing is written outside, and no temporary is left. Where
 * FolderSwappedForALinkTest swaps at fixed points, this races. It runs a fixed number of rounds; with the system
 * property {@code swarmnet.race.seconds} it runs that long instead (the figure SECURITY.md reports).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // the timed runs; the rounds take seconds
class SwapRaceTest {
    private static final int ROUNDS = 25;

    @TempDir
    Path tmp;

    private FileFixture fx;
    private Path share;
    private Path outside;
    private Path inbox;
    private Path down;
    private Controller controller;

    @BeforeEach
    void setUp() throws Exception {
        fx = new FileFixture(tmp);
        share = fx.share();
        down = fx.down();
        inbox = tmp.resolve("gateway-inbox");
        outside = Files.createDirectories(tmp.resolve("outside"));
        // The same names, sizes and mtimes outside as inside: only the contents tell where a byte came from.
        for (String name : List.of("a.txt", "b.txt", "big.bin")) {
            int size = name.equals("big.bin") ? FileFixture.MIB : 4000;
            Path inside = fx.write(share.resolve("data/sub"), name, size);
            Path copy = fx.write(outside.resolve(name), FileFixture.contents("outside " + name, size));
            Files.setLastModifiedTime(copy, Files.getLastModifiedTime(inside));
        }
        Gateway gw = fx.gateway(b -> b.share(share));
        controller = fx.controller(gw, down);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void downloadsWhileAFolderAndALinkSwapPlacesGetNothingFromOutside() throws Exception {
        Set<String> secrets = Set.copyOf(digests(outside).values());
        SortedMap<String, String> outsideBefore = snapshot(outside);
        Race race = Race.swapping(share.resolve("data/sub"), outside);
        long files = 0;
        try (Client client = controller.getClient(); Swarm swarm = controller.swarm(3)) {
            swarm.stripeSize(128 * 1024);
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
        Path local = Files.createDirectories(tmp.resolve("local"));
        List<Path> sources = List.of(fx.write(local, "first.txt", 3000), fx.write(local, "big.bin", FileFixture.MIB));
        Path landing = Files.createDirectories(inbox.resolve("up/sub"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        SortedMap<String, String> elsewhereBefore = snapshot(elsewhere);
        Race race = Race.swapping(landing, elsewhere);
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

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A thread swapping a folder and a link in a tight loop, and how long the clients go on. */
    private static final class Race {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong swaps = new AtomicLong();
        private final CompletableFuture<Void> swapper;
        private final long deadline;
        private final boolean timed;

        private Race(Path folder, Path target) {
            long seconds = Long.getLong("swarmnet.race.seconds", 0);
            this.timed = seconds > 0;
            this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            Path moved = folder.resolveSibling(folder.getFileName() + ".real");
            this.swapper = Background.run("swapper", () -> {
                while (running.get()) {
                    try {
                        swap(folder, moved, target);
                    } catch (IOException e) {
                        // the gateway made the folder anew while it was away (uploads create missing folders)
                        restore(folder, moved);
                    }
                }
                restore(folder, moved);
            });
        }

        static Race swapping(Path folder, Path target) {
            return new Race(folder, target);
        }

        /** Folder away, link in, link away, folder back; every step is one rename or one link call. */
        private void swap(Path folder, Path moved, Path target) throws IOException {
            Files.move(folder, moved);
            Files.createSymbolicLink(folder, target);
            Files.delete(folder);
            Files.move(moved, folder);
            swaps.incrementAndGet();
        }

        /** The folder back in its place, if it is away and nothing else took the place. */
        private static void restore(Path folder, Path moved) throws IOException {
            if (Files.isSymbolicLink(folder)) {
                Files.delete(folder);
            }
            if (Files.exists(moved) && !Files.exists(folder)) {
                Files.move(moved, folder);
            }
        }

        boolean goOn(int round) {
            return timed ? System.nanoTime() < deadline : round < ROUNDS;
        }

        void stop() throws Exception {
            running.set(false);
            swapper.get(30, TimeUnit.SECONDS);
        }

        void report(String what, long files) {
            System.out.printf("swap race, %s: %,d swaps, %,d files delivered, 0 leaks%n", what, swaps.get(), files);
        }
    }
}
