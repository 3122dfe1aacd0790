package dev.swarmnet.files;

import dev.swarmnet.support.Background;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local user racing a transfer: a thread swaps a folder and a link to elsewhere as fast as it can (rename the
 * folder away, a link in its place, the link away, the folder back), while the test's clients go on for a number
 * of rounds, or, with the system property {@code swarmnet.race.seconds}, for that long (the figure SECURITY.md
 * reports).
 */
final class SwapRace {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong swaps = new AtomicLong();
    private final CompletableFuture<Void> swapper;
    private final long deadline;
    private final boolean timed;
    private final int rounds;

    private SwapRace(Path folder, Path target, int rounds) {
        this.rounds = rounds;
        long seconds = Long.getLong("swarmnet.race.seconds", 0);
        this.timed = seconds > 0;
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        this.swapper = Background.run("swapper", () -> {
            while (running.get()) {
                swap(folder, target);
            }
        });
    }

    /** Starts swapping {@code folder} with a link to {@code target}; the clients go on for {@code rounds}. */
    static SwapRace swapping(Path folder, Path target, int rounds) {
        return new SwapRace(folder, target, rounds);
    }

    /**
     * Folder away, link in, link away, folder back; every step is one rename or one link call. A gateway that
     * receives an upload meanwhile may make the folder anew while it is away: then the moved one stays aside
     * (under a name of its own) and the next swap takes the new one.
     */
    private void swap(Path folder, Path target) throws IOException {
        Path moved = folder.resolveSibling(folder.getFileName() + ".away-" + swaps.get());
        try {
            Files.move(folder, moved);
        } catch (IOException e) {
            return; // not there this instant
        }
        try {
            Files.createSymbolicLink(folder, target);
            Files.delete(folder); // the link just made: nothing else can take a name a link holds
        } catch (IOException e) {
            // made anew meanwhile
        }
        try {
            Files.move(moved, folder);
        } catch (IOException e) {
            // made anew meanwhile: this one stays aside
        }
        swaps.incrementAndGet();
    }

    boolean goOn(int round) {
        return timed ? System.nanoTime() < deadline : round < rounds;
    }

    void stop() throws Exception {
        running.set(false);
        swapper.get(30, TimeUnit.SECONDS);
    }

    void report(String what, long files) {
        System.out.printf("swap race, %s: %,d swaps, %,d files delivered, 0 leaks%n", what, swaps.get(), files);
    }
}
