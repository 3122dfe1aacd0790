package dev.swarmnet.bench;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ExistingFiles;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.testkit.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * File transfer side by side, on /dev/shm over loopback, in one run:
 *
 * <ul>
 *   <li>(a) one 1 GiB file: swarmnet with 1 and 4 connections against a raw {@code transferTo} floor
 *       written here ({@link RawFileFloor}); once on a file the gateway has sent before (it keeps the
 *       checksums), once on a copy changed before every run (it must read it to checksum it);
 *   <li>(b) 10,000 files of 4 KiB: swarmnet with 1, 4 and 8 connections against {@code tar c | nc}
 *       and an rsync daemon ({@link ExternalTools});
 *   <li>(c) through a {@link TcpProxy} adding 10 ms each way and capping each connection at 20 MB/s:
 *       the small files against the same bytes as one file on one connection, and a 256 MiB file on
 *       8 connections against 1;
 *   <li>heap: the 1 GiB single-connection download again, in a child JVM capped at {@code -Xmx64m}
 *       ({@link HeapCheck}).
 * </ul>
 *
 * <p>Every run starts from an empty destination and is checked afterwards (file count, bytes, and a
 * sample of contents); an incomplete run is reported as FAILED and not timed. Within a repeat the
 * systems are interleaved, as in {@link Compare}. Progress goes to stderr, the table to stdout.
 */
public final class FileCompare {

    /** Link emulated in (c). */
    static final Duration PROXY_LATENCY = Duration.ofMillis(10);
    static final long PROXY_BANDWIDTH = 20_000_000;

    /** The targets BENCHMARKS.md states for the file sections. */
    static final double TARGET_FLOOR_SHARE = 0.80;
    static final double TARGET_RSYNC_MULTIPLE = 2.0;
    static final double TARGET_SMALL_PENALTY_SECONDS = 1.0;
    static final double TARGET_SWARM_SPEEDUP = 5.0;

    private static final String HEAP = "-Xmx64m";

    private final FileOptions options;
    private final Dataset data;
    private final Controller direct;
    /** Downloads in checksum mode: files compared by content, not by size and time. */
    private final Controller summing;
    private final int gatewayPort;
    private final List<Series> series = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> cpuNotes = new ArrayList<>();
    private final Map<String, String> versions = new TreeMap<>();
    private String heapResult;
    private String heapDetail = "";
    private boolean heapOk;

    private FileCompare(FileOptions options, Dataset data, int gatewayPort) {
        this.options = options;
        this.data = data;
        this.gatewayPort = gatewayPort;
        this.direct = Controller.builder().gateway("127.0.0.1", gatewayPort).downloadDir(data.dest).build();
        this.summing = Controller.builder().gateway("127.0.0.1", gatewayPort).downloadDir(data.dest)
                .existingFiles(ExistingFiles.SKIP_SAME_CONTENT).build();
    }

    /** One timed action; returns its seconds. */
    @FunctionalInterface
    interface Timed {
        double run() throws Exception;
    }

    public static void main(String[] args) {
        Observation.forTheWholeProcessIfAsked();
        Launcher.launch(args, new FileOptions(), FileCompare::run);
    }

    private static void run(FileOptions options) throws Exception {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
            throw new IOException("/dev/shm is not a writable directory: this harness measures transfers into a tmpfs");
        }
        progress("generating the data set in %s/swarmnet-bench-%d ...", shm, ProcessHandle.current().pid());
        long t0 = System.nanoTime();
        Dataset data = Dataset.create(shm, options);
        // Also on Ctrl-C: never leave gigabytes behind in RAM, nor an rsync daemon, nc or the heap-check
        // JVM running (only this JVM's own descendants, by handle).
        Gateway gateway = Gateway.builder().port(0).maxPoolSize(16).share(data.src)
                .downloadDir(data.dest).build(); // uploads land where downloads do: one check for both
        Thread cleanup = new Thread(() -> cleanUp(gateway, data), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        progress("data set ready in %.1f s", (System.nanoTime() - t0) / 1e9);
        gateway.start(false);
        try {
            FileCompare compare = new FileCompare(options, data, gateway.port());
            compare.measureAndPrint();
        } finally {
            gateway.close();
            data.close();
        }
    }

    /**
     * The shutdown hook. After a normal end there is nothing left to do; on a signal the measuring
     * thread may still be writing into the destination, so the gateway is closed first (which ends
     * swarmnet transfers), external tools are killed, and the deletion is retried a few times.
     */
    private static void cleanUp(Gateway gateway, Dataset data) {
        stopping = true;
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        gateway.close();
        // Until the data set has stayed gone for a moment: the measuring thread may recreate the
        // destination once more before it sees that the run is stopping.
        int goneInARow = 0;
        for (int attempt = 1; attempt <= 50 && goneInARow < 3; attempt++) {
            try {
                data.close();
            } catch (IOException e) {
                if (attempt == 50) {
                    System.err.println("could not delete " + data.root + ": " + e);
                }
            }
            goneInARow = Files.exists(data.root) ? 0 : goneInARow + 1;
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                return;
            }
        }
    }

    private void measureAndPrint() throws Exception {
        System.out.print(header());
        System.out.flush();
        if (options.runs("a")) {
            metered("(a)", this::sectionA);
        }
        if (options.runs("b")) {
            metered("(b)", this::sectionB);
        }
        if (options.runs("c")) {
            metered("(c)", this::sectionC);
        }
        if (options.runs("tree")) {
            metered("tree", this::sectionTree);
        }
        if (options.runs("resume")) {
            metered("resume", this::sectionResume);
        }
        if (options.runs("tls")) {
            metered("tls", this::sectionTls);
        }
        if (options.runs("heap")) {
            metered("heap", this::sectionHeap);
        }
        System.out.println();
        System.out.print(render());
        System.out.print(footer());
    }

    @FunctionalInterface
    interface Section {
        void run() throws Exception;
    }

    /** Runs a section and notes how much CPU other processes took meanwhile. */
    private void metered(String name, Section section) throws Exception {
        CpuMeter meter = new CpuMeter();
        section.run();
        String report = meter.report();
        if (!report.isEmpty()) {
            cpuNotes.add(name + ": " + report);
            progress("%s: %s", name, report);
        }
    }

    // ---------------------------------------------------------------- (a) one large file

    private void sectionA() throws Exception {
        String section = String.format(Locale.ROOT, "(a) one %s file", size(data.bigSize));
        double megabytes = data.bigSize / 1e6;
        Series floor = add(new Series(section, "raw floor (transferTo -> direct buffer)", Series.Unit.MB_PER_S, megabytes));
        Series one = add(new Series(section, "swarmnet, 1 connection", Series.Unit.MB_PER_S, megabytes));
        Series four = add(new Series(section, "swarmnet, 4 connections (8 MiB stripes)", Series.Unit.MB_PER_S, megabytes));
        Series oneChanged = add(new Series(section, "swarmnet, 1 connection, file changed since", Series.Unit.MB_PER_S, megabytes));
        Series fourChanged = add(new Series(section, "swarmnet, 4 connections, file changed since", Series.Unit.MB_PER_S, megabytes));
        Path file = data.big.resolve("one.bin");
        try (RawFileFloor raw = new RawFileFloor()) {
            // Warm-up (not recorded) on the smaller file until steady: with one pass per case the JIT was still
            // compiling dozens to 150 methods during each measured run (-XX:+PrintCompilation), on both cores.
            Path midFile = data.mid.resolve("one.bin");
            warmUpUntilSteady("raw floor", data.midFile(), () -> timed(() -> raw.fetch(midFile, data.dest.resolve("one.bin"))));
            warmUpUntilSteady("swarmnet x1", data.midFile(), () -> swarmnet(direct, data.mid, 1, 0));
            warmUpUntilSteady("swarmnet x4", data.midFile(), () -> swarmnet(direct, data.mid, 4, 0));
            warmUpUntilSteady("x1 changed", data.midFile(), () -> changedThenSwarmnet(data.mid, 1));
            warmUpUntilSteady("x4 changed", data.midFile(), () -> changedThenSwarmnet(data.mid, 4));
            // The gateway keeps the checksums of what it sent while the file keeps its version, once the file
            // has not changed for a second: one pass each on the big file, as a gateway serving it again has.
            awaitSettled(file);
            warmUp("swarmnet x1", data.bigFile(), () -> swarmnet(direct, data.big, 1, 0));
            warmUp("swarmnet x4", data.bigFile(), () -> swarmnet(direct, data.big, 4, 0));
            rotate(List.of(
                    new Case(floor, data.bigFile(), () -> timed(() -> raw.fetch(file, data.dest.resolve("one.bin")))),
                    new Case(one, data.bigFile(), () -> swarmnet(direct, data.big, 1, 0)),
                    new Case(four, data.bigFile(), () -> swarmnet(direct, data.big, 4, 0)),
                    new Case(oneChanged, data.changedFile(), () -> changedThenSwarmnet(data.changed, 1)),
                    new Case(fourChanged, data.changedFile(), () -> changedThenSwarmnet(data.changed, 4))));
        }
    }

    /** Waits (at most 2 s) until the file's last change is over a second old, so the gateway keeps its checksums. */
    private static void awaitSettled(Path file) throws IOException, InterruptedException {
        long changed = ((FileTime) Files.getAttribute(file, "unix:ctime")).toMillis();
        long wait = Math.min(2_000, changed + 1_100 - System.currentTimeMillis());
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /**
     * The folder's file is touched (its mtime set to itself, which renews its ctime) before the timed
     * download: a file changed since it was last sent, which the gateway must read to checksum.
     */
    private double changedThenSwarmnet(Path folder, int connections) throws IOException {
        Path file = folder.resolve("one.bin");
        Files.setLastModifiedTime(file, Files.getLastModifiedTime(file));
        return swarmnet(direct, folder, connections, 0);
    }

    // ---------------------------------------------------------------- (resume) a cut download run again

    /** The most of the file a re-run after a cut at half may receive again. */
    private static final double TARGET_RESENT_SHARE = 0.10;
    /** Per re-run row: the share of the file each re-run received. */
    private final Map<Series, List<Double>> resent = new java.util.HashMap<>();

    private void sectionResume() throws Exception {
        String section = String.format(Locale.ROOT, "(resume) one %s file cut at half, run again", size(data.bigSize));
        Series whole = add(new Series(section, "whole download, 1 connection (for scale)", Series.Unit.SECONDS, 0));
        Series one = add(new Series(section, "the re-run, 1 connection", Series.Unit.SECONDS, 0));
        Series four = add(new Series(section, "the re-run, 4 connections", Series.Unit.SECONDS, 0));
        rotate(List.of(
                new Case(whole, data.bigFile(), () -> swarmnet(direct, data.big, 1, 0)),
                new Case(one, data.bigFile(), () -> cutThenRunAgain(one, 1)),
                new Case(four, data.bigFile(), () -> cutThenRunAgain(four, 4))));
    }

    private double cutThenRunAgain(Series s, int connections) throws IOException {
        CutDownload.Outcome o = CutDownload.run(gatewayPort, data.dest, FileQuery.folder(data.big.toString()),
                data.bigSize, connections);
        resent.computeIfAbsent(s, k -> new ArrayList<>()).add(o.resentShare());
        return o.seconds();
    }

    private String[] compareResume(Series s) {
        List<Double> shares = resent.get(s);
        if (shares == null || shares.isEmpty()) {
            return new String[] {"", ""};
        }
        double worst = shares.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return new String[] {String.format(Locale.ROOT, "sent again: %.1f%% of the file (most of %d runs)",
                100 * worst, shares.size()),
                verdict(String.format(Locale.ROOT, "<= %.0f%%", 100 * TARGET_RESENT_SHARE), worst <= TARGET_RESENT_SHARE)};
    }

    // ---------------------------------------------------------------- (b) many small files

    private void sectionB() throws Exception {
        String section = String.format(Locale.ROOT, "(b) %,d x 4 KiB", data.smallCount);
        double files = data.smallCount;
        Series tar = add(new Series(section, "tar c | nc  ->  nc -l | tar x", Series.Unit.FILES_PER_S, files));
        Series rsync = add(new Series(section, "rsync daemon, rsync -a", Series.Unit.FILES_PER_S, files));
        Series one = add(new Series(section, "swarmnet, 1 connection", Series.Unit.FILES_PER_S, files));
        Series four = add(new Series(section, "swarmnet, 4 connections", Series.Unit.FILES_PER_S, files));
        Series eight = add(new Series(section, "swarmnet, 8 connections", Series.Unit.FILES_PER_S, files));

        Optional<Path> netcat = ExternalTools.openBsdNetcat();
        if (netcat.isEmpty()) {
            missing(tar, "no OpenBSD nc (Debian netcat-openbsd) on the PATH");
        } else {
            versions.put("nc", netcat.get().toString() + " (OpenBSD netcat)");
            versions.put("tar", ExternalTools.firstLine(List.of("tar", "--version")));
        }
        Optional<Path> rsyncPath = ExternalTools.which("rsync");
        ExternalTools.RsyncDaemon daemon = null;
        if (rsyncPath.isEmpty()) {
            missing(rsync, "no rsync on the PATH");
        } else {
            versions.put("rsync", ExternalTools.RsyncDaemon.version(rsyncPath.get()));
            try {
                daemon = new ExternalTools.RsyncDaemon(rsyncPath.get(), data.small, data.root);
            } catch (IOException e) {
                missing(rsync, "the daemon did not start: " + e.getMessage());
            }
        }
        Path logs = data.root;
        try {
            ExternalTools.RsyncDaemon d = daemon;
            if (netcat.isPresent()) {
                warmUp("tar|nc", data.smallFiles(), () -> ExternalTools.tarOverNetcat(netcat.get(), data.small, data.dest, logs));
            }
            if (d != null) {
                warmUp("rsync", data.smallFiles(), () -> d.pull(data.dest));
            }
            // The per-file path takes several passes to compile: measured on 10,000 files, the first
            // passes ran at 45%, 60% and 75% of the speed reached after five or six, and a pass can be
            // no faster than the one before while the JIT is still at work.
            warmUpUntilSteady("swarmnet x1", data.smallFiles(), () -> swarmnet(direct, data.small, 1, 0));
            warmUpUntilSteady("swarmnet x4", data.smallFiles(), () -> swarmnet(direct, data.small, 4, 0));
            warmUpUntilSteady("swarmnet x8", data.smallFiles(), () -> swarmnet(direct, data.small, 8, 0));
            List<Case> cases = new ArrayList<>();
            if (netcat.isPresent()) {
                cases.add(new Case(tar, data.smallFiles(), () -> ExternalTools.tarOverNetcat(netcat.get(), data.small, data.dest, logs)));
            }
            if (d != null) {
                cases.add(new Case(rsync, data.smallFiles(), () -> d.pull(data.dest)));
            }
            cases.add(new Case(one, data.smallFiles(), () -> swarmnet(direct, data.small, 1, 0)));
            cases.add(new Case(four, data.smallFiles(), () -> swarmnet(direct, data.small, 4, 0)));
            cases.add(new Case(eight, data.smallFiles(), () -> swarmnet(direct, data.small, 8, 0)));
            rotate(cases);
        } finally {
            if (daemon != null) {
                daemon.close();
            }
        }
    }

    // ---------------------------------------------------------------- tree: a real-shaped source tree

    /** Targets for the real tree: the library's call and the whole command, as shares of the rsync daemon's time. */
    static final double TARGET_TREE_LIBRARY = 0.60;
    static final double TARGET_TREE_COMMAND = 1.00;
    /** Targets for running the download again with nothing changed, as shares of the rsync daemon's no-change time. */
    static final double TARGET_AGAIN_LIBRARY = 1.00;
    static final double TARGET_AGAIN_COMMAND = 1.50;
    /** Target for uploading the tree (library and command), as a share of `rsync -a` to the rsync daemon. */
    static final double TARGET_UP = 1.00;

    private void sectionTree() throws Exception {
        RealTree.Manifest m = data.treeManifest;
        String section = String.format(Locale.ROOT, "(tree) %,d files, %,d folders, %.0f MB", m.files().size(),
                m.folders(), m.bytes() / 1e6);
        Series tar = add(new Series(section, "tar c | nc  ->  nc -l | tar x", Series.Unit.SECONDS, 0));
        Series rsync = add(new Series(section, "rsync daemon, rsync -a", Series.Unit.SECONDS, 0));
        Series libOne = add(new Series(section, "swarmnet library, 1 connection", Series.Unit.SECONDS, 0));
        Series libFour = add(new Series(section, "swarmnet library, 4 connections", Series.Unit.SECONDS, 0));
        Series cmdOne = add(new Series(section, "swarmnet get -c 1 (whole command)", Series.Unit.SECONDS, 0));
        Series cmdFour = add(new Series(section, "swarmnet get -c 4 (whole command)", Series.Unit.SECONDS, 0));
        String againSection = "(tree again) the same download, run again with nothing changed";
        Series rsyncAgain = add(new Series(againSection, "rsync daemon, rsync -a", Series.Unit.SECONDS, 0));
        Series libAgain = add(new Series(againSection, "swarmnet library, 1 connection", Series.Unit.SECONDS, 0));
        Series cmdAgain = add(new Series(againSection, "swarmnet get -c 1 (whole command)", Series.Unit.SECONDS, 0));
        Series rsyncSummed = add(new Series(againSection, "rsync daemon, rsync -a -c (--checksum)",
                Series.Unit.SECONDS, 0));
        Series libSummed = add(new Series(againSection, "swarmnet library, 1 connection, checksum mode",
                Series.Unit.SECONDS, 0));
        String upSection = "(tree up) the same tree uploaded";
        Series rsyncUp = add(new Series(upSection, "rsync -a to the rsync daemon", Series.Unit.SECONDS, 0));
        Series libUp = add(new Series(upSection, "swarmnet library, 1 connection", Series.Unit.SECONDS, 0));
        Series cmdUp = add(new Series(upSection, "swarmnet put -r (whole command)", Series.Unit.SECONDS, 0));
        String upAgainSection = "(tree up again) the same upload, run again with nothing changed";
        Series rsyncUpAgain = add(new Series(upAgainSection, "rsync -a to the rsync daemon", Series.Unit.SECONDS, 0));
        Series libUpAgain = add(new Series(upAgainSection, "swarmnet library, 1 connection", Series.Unit.SECONDS, 0));
        Series cmdUpAgain = add(new Series(upAgainSection, "swarmnet put -r (whole command)", Series.Unit.SECONDS, 0));
        Dataset.Expectation tree = data.realTree();
        Optional<Path> netcat = ExternalTools.openBsdNetcat();
        if (netcat.isEmpty()) {
            missing(tar, "no OpenBSD nc (Debian netcat-openbsd) on the PATH");
        }
        Optional<Path> rsyncPath = ExternalTools.which("rsync");
        ExternalTools.RsyncDaemon daemon = null;
        SwarmnetCli cli = null;
        try {
            if (rsyncPath.isEmpty()) {
                missing(rsync, "no rsync on the PATH");
                missing(rsyncAgain, "no rsync on the PATH");
                missing(rsyncSummed, "no rsync on the PATH");
                missing(rsyncUp, "no rsync on the PATH");
                missing(rsyncUpAgain, "no rsync on the PATH");
            } else {
                versions.put("rsync", ExternalTools.RsyncDaemon.version(rsyncPath.get()));
                daemon = startOrMissing(rsync, () -> new ExternalTools.RsyncDaemon(rsyncPath.get(), data.tree, data.dest,
                        data.root));
                if (daemon == null) {
                    missing(rsyncUp, rsync.missing);
                    missing(rsyncUpAgain, rsync.missing);
                }
            }
            cli = startOrMissing(cmdOne, () -> new SwarmnetCli(data.tree, data.dest, data.root));
            if (cli == null) {
                for (Series row : List.of(cmdFour, cmdAgain, cmdUp, cmdUpAgain)) {
                    missing(row, cmdOne.missing);
                }
            }
            List<Case> cases = new ArrayList<>();
            if (netcat.isPresent()) {
                Timed run = () -> ExternalTools.tarOverNetcat(netcat.get(), data.tree, data.dest, data.root);
                warmUp("tar|nc", tree, run);
                cases.add(new Case(tar, tree, run));
            }
            if (daemon != null) {
                ExternalTools.RsyncDaemon d = daemon;
                warmUp("rsync", tree, () -> d.pull(data.dest));
                cases.add(new Case(rsync, tree, () -> d.pull(data.dest)));
                cases.add(new Case(rsyncAgain, tree, again(() -> d.pull(data.dest))));
                cases.add(new Case(rsyncSummed, tree, again(() -> d.pull(data.dest, "-ac"))));
                warmUp("rsync up", tree, () -> d.push(data.tree));
                cases.add(new Case(rsyncUp, tree, () -> d.push(data.tree)));
                cases.add(new Case(rsyncUpAgain, tree, again(() -> d.push(data.tree))));
            }
            warmUpUntilSteady("library up", tree, this::uploadTree);
            cases.add(new Case(libUp, tree, this::uploadTree));
            cases.add(new Case(libUpAgain, tree, again(this::uploadTree)));
            warmUpUntilSteady("library x1", tree, () -> swarmnetTree(1));
            warmUpUntilSteady("library x4", tree, () -> swarmnetTree(4));
            cases.add(new Case(libOne, tree, () -> swarmnetTree(1)));
            cases.add(new Case(libFour, tree, () -> swarmnetTree(4)));
            cases.add(new Case(libAgain, tree, again(() -> swarmnetTree(1))));
            cases.add(new Case(libSummed, tree, again(() -> swarmnet(summing,
                    FileQuery.folder(data.tree.toString()).recursive(true), 1, 0))));
            if (cli != null) {
                SwarmnetCli c = cli;
                // Every get is a new JVM; only the gateway process warms up, as a long-running one has.
                warmUpUntilSteady("get -c 1", tree, () -> c.get(data.tree, 1, data.dest));
                warmUp("get -c 4", tree, () -> c.get(data.tree, 4, data.dest));
                cases.add(new Case(cmdOne, tree, () -> c.get(data.tree, 1, data.dest)));
                cases.add(new Case(cmdFour, tree, () -> c.get(data.tree, 4, data.dest)));
                cases.add(new Case(cmdAgain, tree, again(() -> c.get(data.tree, 1, data.dest))));
                warmUpUntilSteady("put -r", tree, () -> putTree(c, false));
                cases.add(new Case(cmdUp, tree, () -> putTree(c, false)));
                cases.add(new Case(cmdUpAgain, tree, () -> putTree(c, true)));
            }
            rotate(cases);
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            if (cli != null) {
                cli.close();
            }
        }
    }

    @FunctionalInterface
    interface Starter<T> {
        T start() throws IOException;
    }

    /** Starts a peer server, or marks its row missing (with why) and returns null. */
    private <T> T startOrMissing(Series row, Starter<T> starter) {
        try {
            return starter.start();
        } catch (IOException e) {
            missing(row, "did not start: " + e.getMessage());
            return null;
        }
    }

    /** Runs {@code action} once to fill the destination, then times it again: nothing is left to move. */
    private static Timed again(Timed action) {
        return () -> {
            action.run();
            return action.run();
        };
    }

    /** Wall time of the library's upload of the tree into the gateway's download folder (the destination). */
    private double uploadTree() throws IOException {
        long start = System.nanoTime();
        TransferReport report;
        try (Client client = direct.getClient()) {
            report = client.sendFolderToGateway("", FileQuery.folder(data.tree.toString()).recursive(true));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!report.succeeded()) {
            throw new IOException(report.failures().size() + " file(s) failed, first: " + report.failures().get(0));
        }
        return seconds;
    }

    /**
     * {@code swarmnet put -r} of the tree (with {@code again}, twice, the second timed); the tree lands as
     * {@code dest/tree}, and is moved up to the destination after the timed run, for the check.
     */
    private double putTree(SwarmnetCli cli, boolean again) throws Exception {
        if (again) {
            cli.put(data.tree);
        }
        double seconds = cli.put(data.tree);
        Path aside = data.root.resolve("dest-aside");
        Files.move(data.dest.resolve(data.tree.getFileName()), aside);
        Files.delete(data.dest);
        Files.move(aside, data.dest);
        return seconds;
    }

    private double swarmnetTree(int connections) throws IOException {
        return swarmnet(direct, FileQuery.folder(data.tree.toString()).recursive(true), connections, 0);
    }

    // ---------------------------------------------------------------- (c) a long, per-connection-limited link

    private void sectionC() throws Exception {
        String section = String.format(Locale.ROOT, "(c) proxy %d ms, %d MB/s",
                PROXY_LATENCY.toMillis(), PROXY_BANDWIDTH / 1_000_000);
        long stripe = stripeForC();
        Series smallOne = add(new Series(section, String.format(Locale.ROOT, "%,d x 4 KiB files, 1 connection", data.smallCount),
                Series.Unit.SECONDS, 0));
        Series catOne = add(new Series(section, String.format(Locale.ROOT, "the same %s as one file, 1 connection",
                size(data.smallCount * (long) Dataset.SMALL_SIZE)), Series.Unit.SECONDS, 0));
        Series midOne = add(new Series(section, String.format(Locale.ROOT, "one %s file, 1 connection", size(data.midSize)),
                Series.Unit.SECONDS, 0));
        Series midEight = add(new Series(section, String.format(Locale.ROOT, "one %s file, 8 connections (%s stripes)",
                size(data.midSize), size(stripe)), Series.Unit.SECONDS, 0));
        try (TcpProxy proxy = TcpProxy.builder().target("127.0.0.1", gatewayPort)
                .latency(PROXY_LATENCY).bandwidth(PROXY_BANDWIDTH).build();
                Controller slow = Controller.builder().gateway("127.0.0.1", proxy.port()).downloadDir(data.dest).build()) {
            progress("proxy: %s", proxy);
            warmUp("small x1", data.smallFiles(), () -> swarmnet(slow, data.small, 1, 0));
            warmUp("one file x1", data.smallAsOneFile(), () -> swarmnet(slow, data.smallcat, 1, 0));
            for (int r = 1; r <= options.repeat; r++) {
                measure(smallOne, r, data.smallFiles(), () -> swarmnet(slow, data.small, 1, 0));
                measure(catOne, r, data.smallAsOneFile(), () -> swarmnet(slow, data.smallcat, 1, 0));
                measure(midOne, r, data.midFile(), () -> swarmnet(slow, data.mid, 1, stripe));
                measure(midEight, r, data.midFile(), () -> swarmnet(slow, data.mid, 8, stripe));
            }
        }
    }

    /** 8 MiB stripes (the default) give 32 on 256 MiB; under --quick keep 32 stripes on the smaller file. */
    private long stripeForC() {
        return Math.max(64 * 1024, Math.min(Swarm.DEFAULT_STRIPE_SIZE, data.midSize / 32));
    }

    // ---------------------------------------------------------------- tls: the large file over TLS

    /** The target for TLS: bulk throughput at least this share of plain swarmnet's. */
    static final double TARGET_TLS_SHARE = 0.40;

    private void sectionTls() throws Exception {
        String section = String.format(Locale.ROOT, "(tls) one %s file", size(data.bigSize));
        double megabytes = data.bigSize / 1e6;
        // The base reads the file as TLS always must (no sendfile, so no kept checksums): what TLS costs is the
        // encryption. Plain TCP on a file the gateway sent before is shown beside it.
        Series plain = add(new Series(section, "swarmnet plain TCP, 1 connection, file changed before each run",
                Series.Unit.MB_PER_S, megabytes));
        Series plainKept = add(new Series(section, "swarmnet plain TCP, 1 connection, checksums kept", Series.Unit.MB_PER_S,
                megabytes));
        Series one = add(new Series(section, "swarmnet TLS 1.3, 1 connection", Series.Unit.MB_PER_S, megabytes));
        Series four = add(new Series(section, "swarmnet TLS 1.3, 4 connections (8 MiB stripes)", Series.Unit.MB_PER_S,
                megabytes));
        try (TlsFiles tls = TlsFiles.start(data)) {
            notes.add("(tls): " + TlsFiles.note());
            Controller secure = tls.controller();
            // JSSE's GCM code takes gigabytes to compile fully: measured, three 1 GiB downloads in a row
            // ran at 260, 350 and 480 MB/s, then about 500. So TLS warms up on the big file, twice.
            warmUp("plain x1", data.midFile(), () -> swarmnet(direct, data.mid, 1, 0));
            awaitSettled(data.big.resolve("one.bin"));
            warmUp("plain x1", data.bigFile(), () -> swarmnet(direct, data.big, 1, 0));
            warmUp("tls x1", data.bigFile(), () -> swarmnet(secure, data.big, 1, 0));
            warmUp("tls x1", data.bigFile(), () -> swarmnet(secure, data.big, 1, 0));
            warmUp("tls x4", data.midFile(), () -> swarmnet(secure, data.mid, 4, 0));
            rotate(List.of(
                    new Case(plain, data.changedFile(), () -> changedThenSwarmnet(data.changed, 1)),
                    new Case(plainKept, data.bigFile(), () -> swarmnet(direct, data.big, 1, 0)),
                    new Case(one, data.bigFile(), () -> swarmnet(secure, data.big, 1, 0)),
                    new Case(four, data.bigFile(), () -> swarmnet(secure, data.big, 4, 0))));
        }
    }

    // ---------------------------------------------------------------- heap check

    private void sectionHeap() throws Exception {
        checkNotStopping();
        data.cleanDest();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), HEAP, "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), HeapCheck.class.getName(),
                data.big.toString(), data.dest.toString());
        progress("heap     child JVM: %s", String.join(" ", command));
        // Its stdout goes to a file, so that a hung child cannot block the harness beyond the timeout.
        Path output = data.root.resolve("heapcheck.out");
        Process child = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        boolean exited = child.waitFor(ExternalTools.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        String line = Files.readAllLines(output).stream().filter(l -> l.startsWith("HEAPCHECK ")).reduce((x, y) -> y)
                .orElse(null);
        Map<String, String> fields = new TreeMap<>();
        if (line != null) {
            for (String part : line.split(" ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    fields.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
        }
        String problem = !exited ? "did not finish in " + ExternalTools.TIMEOUT_SECONDS + " s"
                : child.exitValue() == 3 ? "OutOfMemoryError (the JVM exited on it)"
                : line == null ? "the child JVM exited with " + child.exitValue() + " and printed no result"
                : child.exitValue() != 0 ? "the transfer reported failures: " + fields.get("failures")
                : Dataset.verify(data.dest, data.bigFile());
        if (problem == null) {
            heapOk = true;
            double seconds = Double.parseDouble(fields.get("seconds"));
            heapResult = String.format(Locale.ROOT, "%,.0f", data.bigSize / 1e6 / seconds);
            heapDetail = String.format(Locale.ROOT, "completed, verified; peak heap %s MiB of %s, %s GCs",
                    fields.get("peakHeapMiB"), fields.get("maxHeapMiB"), fields.get("gcs"));
        } else {
            heapResult = "FAILED";
            heapDetail = problem;
            notes.add("heap check FAILED: " + problem);
        }
        progress("heap     %s: %s %s", HEAP, heapResult, heapDetail);
        data.cleanDest();
    }

    // ---------------------------------------------------------------- running and checking

    private void missing(Series s, String why) {
        s.missing = why;
        notes.add(s.section + ", " + s.system + ": missing: " + why);
        progress("%s, %s: missing: %s", s.section, s.system, why);
    }

    private Series add(Series s) {
        series.add(s);
        return s;
    }

    /** One contender on one workload. */
    private record Case(Series series, Dataset.Expectation expected, Timed action) {
    }

    /**
     * Runs every case once per repeat, starting each repeat one case later (A B C, B C A, C A B): on
     * this VM the first big run after a pause was often the slow one, and no contender should always
     * be the one that pays for it.
     */
    private void rotate(List<Case> cases) throws IOException {
        for (int r = 1; r <= options.repeat; r++) {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get((i + r - 1) % cases.size());
                measure(c.series(), r, c.expected(), c.action());
            }
        }
    }

    private void measure(Series s, int repeat, Dataset.Expectation expected, Timed action) throws IOException {
        if (s.missing != null) {
            return;
        }
        String label = s.section.substring(0, 3) + " " + s.system;
        String problem = attempt(expected, action, seconds -> {
            s.ok(seconds);
            progress("%-60s #%d  %8.3f s  %s %s", label, repeat, seconds, s.format(s.value(seconds)), s.unit.label);
        });
        if (problem != null) {
            s.failed(problem);
            progress("%-60s #%d  FAILED: %s", label, repeat, problem);
            if (s.failures().size() == 1) {
                notes.add(s.section + ", " + s.system + ": FAILED run: " + problem);
            }
        }
    }

    private void warmUp(String what, Dataset.Expectation expected, Timed action) throws IOException {
        String problem = attempt(expected, action, seconds -> progress("warm-up  %-12s %8.3f s", what, seconds));
        if (problem != null) {
            progress("warm-up  %-12s FAILED: %s", what, problem);
        }
    }

    /** Passes at least, and at most, of {@link #warmUpUntilSteady}. */
    private static final int MIN_WARM_UP_PASSES = 5;
    private static final int MAX_WARM_UP_PASSES = 10;

    /**
     * Warm-up passes (not recorded) until one is no more than 5% faster than the best before it, as the
     * JIT has then done most of its work; at least {@value #MIN_WARM_UP_PASSES}, at most
     * {@value #MAX_WARM_UP_PASSES}. The external tools are native code and need one pass for the page cache.
     */
    private void warmUpUntilSteady(String what, Dataset.Expectation expected, Timed action) throws IOException {
        double best = Double.MAX_VALUE;
        for (int pass = 1; pass <= MAX_WARM_UP_PASSES; pass++) {
            double[] took = {Double.NaN};
            String problem = attempt(expected, action, seconds -> {
                took[0] = seconds;
                progress("warm-up  %-12s %8.3f s", what, seconds);
            });
            if (problem != null) {
                progress("warm-up  %-12s FAILED: %s", what, problem);
                return;
            }
            boolean steady = took[0] >= 0.95 * best;
            best = Math.min(best, took[0]);
            if (pass >= MIN_WARM_UP_PASSES && steady) {
                return;
            }
        }
    }

    /**
     * Empty destination, run, check; returns null on success, else the problem. No System.gc() first: a full
     * collection makes G1 shrink the heap (to ~40 MiB here), and the next run then pays for dozens of young
     * collections while the heap grows back, something no long-running gateway or client does. Measured on
     * 20 one-connection downloads of the 10,000 small files: 81 young collections and 21,440 / 22,346
     * files/s with it, 11 and 24,233 / 28,372 without (two processes each). In steady state each run's own
     * garbage is collected during the runs after it, as in a real process, for both JVM rows alike; the
     * external tools are separate processes either way.
     */
    private String attempt(Dataset.Expectation expected, Timed action, java.util.function.DoubleConsumer onSuccess)
            throws IOException {
        checkNotStopping();
        data.cleanDest();
        double seconds;
        try {
            seconds = action.run();
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        String problem = Dataset.verify(data.dest, expected);
        if (problem == null) {
            onSuccess.accept(seconds);
        }
        data.cleanDest();
        return problem;
    }

    /** Set by the shutdown hook (Ctrl-C, kill): no new run may start, nothing may be written. */
    private static volatile boolean stopping;

    private static void checkNotStopping() throws IOException {
        if (stopping) {
            throw new IOException("stopping: the JVM is shutting down");
        }
    }

    /** Wall time of a swarmnet download of a folder, connecting included; a report with failures throws. */
    static double swarmnet(Controller controller, Path folder, int connections, long stripe) throws IOException {
        return swarmnet(controller, FileQuery.folder(folder.toString()), connections, stripe);
    }

    /** Wall time of a swarmnet download of {@code query}, connecting included; a report with failures throws. */
    static double swarmnet(Controller controller, FileQuery query, int connections, long stripe) throws IOException {
        long start = System.nanoTime();
        TransferReport report;
        if (connections == 1) {
            try (Client client = controller.getClient()) {
                report = client.getFilesFromGateway(query);
            }
        } else {
            try (Swarm swarm = controller.swarm(connections)) {
                if (stripe > 0) {
                    swarm.stripeSize(stripe);
                }
                report = swarm.getFilesFromGateway(query);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!report.succeeded()) {
            throw new IOException(report.failures().size() + " file(s) failed, first: " + report.failures().get(0));
        }
        return seconds;
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws Exception;
    }

    private static double timed(IoAction action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e9;
    }

    // ---------------------------------------------------------------- output

    private Series find(String sectionPrefix, String systemPrefix) {
        for (Series s : series) {
            if (s.section.startsWith(sectionPrefix) && s.system.startsWith(systemPrefix)) {
                return s;
            }
        }
        return null;
    }

    private String render() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("section", "case", "median", "unit", "runs", "compared", "target"));
        String previous = null;
        for (Series s : series) {
            String[] compared = compare(s);
            rows.add(List.of(s.section.equals(previous) ? "" : s.section, s.system, s.medianText(), s.unit.label,
                    s.runsText(), compared[0], compared[1]));
            previous = s.section;
        }
        if (heapResult != null) {
            rows.add(List.of("heap check", String.format(Locale.ROOT, "one %s file, 1 connection, %s",
                    size(data.bigSize), HEAP), heapResult, heapOk ? "MB/s" : "", "1 run", heapDetail,
                    "completes: " + (heapOk ? "met" : "MISSED")));
        }
        return TextTable.render(rows, options.markdown, 2, 4);
    }

    /** The "compared" and "target" cells of a row. */
    private String[] compare(Series s) {
        double v = s.median();
        String none = "";
        if (s.section.startsWith("(a)")) {
            Series floor = find("(a)", "raw");
            if (s == floor) {
                return new String[] {"the floor", none};
            }
            double ratio = v / floor.median();
            return new String[] {ratio(ratio, "floor") + ", paired " + ratio(s.pairedRatio(floor), "floor"), verdict(String.format(Locale.ROOT, ">= %.2fx floor", TARGET_FLOOR_SHARE),
                    Double.isNaN(ratio) ? null : ratio >= TARGET_FLOOR_SHARE)};
        }
        if (s.section.startsWith("(b)")) {
            Series rsync = find("(b)", "rsync");
            Series tar = find("(b)", "tar");
            if (s == rsync) {
                return new String[] {ratio(v / tar.median(), "tar|nc"), none};
            }
            if (s == tar) {
                return new String[] {ratio(v / rsync.median(), "rsync"), none};
            }
            double toRsync = v / rsync.median();
            return new String[] {ratio(toRsync, "rsync") + ", " + ratio(v / tar.median(), "tar|nc"),
                    verdict(String.format(Locale.ROOT, ">= %.0fx rsync", TARGET_RSYNC_MULTIPLE),
                            Double.isNaN(toRsync) ? null : toRsync >= TARGET_RSYNC_MULTIPLE)};
        }
        if (s.section.startsWith("(tree)")) {
            return compareTree(s);
        }
        if (s.section.startsWith("(tree again)")) {
            return compareAgain(s);
        }
        if (s.section.startsWith("(resume)")) {
            return compareResume(s);
        }
        if (s.section.startsWith("(tree up)")) {
            return compareUp(s, "(tree up)", TARGET_UP, TARGET_UP);
        }
        if (s.section.startsWith("(tree up again)")) {
            return compareUp(s, "(tree up again)", TARGET_AGAIN_LIBRARY, TARGET_AGAIN_COMMAND);
        }
        if (s.section.startsWith("(tls)")) {
            Series plain = find("(tls)", "swarmnet plain");
            if (s == plain) {
                return new String[] {"the base", none};
            }
            double share = v / plain.median();
            if (s.system.contains("plain")) {
                return new String[] {ratio(share, "the base"), none};
            }
            return new String[] {ratio(share, "plain"), verdict(String.format(Locale.ROOT, ">= %.2fx plain", TARGET_TLS_SHARE),
                    Double.isNaN(share) ? null : share >= TARGET_TLS_SHARE)};
        }
        if (s.section.startsWith("(c)")) {
            if (s.system.contains("x 4 KiB")) {
                double extra = v - find("(c)", "the same").median();
                return new String[] {Double.isNaN(extra) ? "-" : String.format(Locale.ROOT, "%+.2f s vs one file", extra),
                        verdict(String.format(Locale.ROOT, "< +%.0f s", TARGET_SMALL_PENALTY_SECONDS),
                                Double.isNaN(extra) ? null : extra < TARGET_SMALL_PENALTY_SECONDS)};
            }
            String rate = Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.1f MB/s",
                    (s.system.startsWith("the same") ? data.smallCount * (double) Dataset.SMALL_SIZE : data.midSize) / 1e6 / v);
            if (s.system.contains("8 connections")) {
                double speedup = find("(c)", "one " + size(data.midSize) + " file, 1").median() / v;
                return new String[] {rate + ", " + (Double.isNaN(speedup) ? "-" : String.format(Locale.ROOT, "%.1fx faster than 1", speedup)),
                        verdict(String.format(Locale.ROOT, ">= %.0fx faster", TARGET_SWARM_SPEEDUP),
                                Double.isNaN(speedup) ? null : speedup >= TARGET_SWARM_SPEEDUP)};
            }
            return new String[] {rate, none};
        }
        return new String[] {none, none};
    }

    /** Times as shares of the rsync daemon's (below 1.00x: faster); 4 connections also against 1. */
    private String[] compareTree(Series s) {
        Series rsync = find("(tree)", "rsync");
        Series tar = find("(tree)", "tar");
        double v = s.median();
        if (s == rsync) {
            return new String[] {"the base; tar|nc takes " + ratio(tar.median() / v, "rsync's time"), ""};
        }
        double share = v / rsync.median();
        String compared = ratio(share, "rsync's time");
        if (s == tar) {
            return new String[] {compared, ""};
        }
        double target = s.system.contains("library") ? TARGET_TREE_LIBRARY : TARGET_TREE_COMMAND;
        String verdict = verdict(String.format(Locale.ROOT, "<= %.2fx rsync", target),
                Double.isNaN(share) ? null : share <= target);
        compared += ", " + ratio(v / tar.median(), "tar|nc's");
        if (s.system.contains("4 connections") || s.system.contains("-c 4")) {
            Series one = find("(tree)", s.system.contains("library") ? "swarmnet library, 1" : "swarmnet get -c 1");
            double vsOne = v / one.median();
            compared += ", " + ratio(vsOne, "1 connection's");
            verdict += "; no slower than 1: " + (Double.isNaN(vsOne) ? "n/a" : vsOne <= 1.0 ? "met" : "MISSED");
        }
        return new String[] {compared, verdict};
    }

    /** A re-run with nothing changed, as a share of the rsync daemon's re-run. */
    private String[] compareAgain(Series s) {
        boolean summed = s.system.contains("checksum");
        Series rsync = summed ? find("(tree again)", "rsync daemon, rsync -a -c") : find("(tree again)", "rsync");
        if (s == rsync) {
            return new String[] {"the base", ""};
        }
        double share = s.median() / rsync.median();
        double target = s.system.contains("library") ? TARGET_AGAIN_LIBRARY : TARGET_AGAIN_COMMAND;
        return new String[] {ratio(share, "rsync's time"), verdict(String.format(Locale.ROOT, "<= %.2fx rsync", target),
                Double.isNaN(share) ? null : share <= target)};
    }

    /** An upload, as a share of `rsync -a` to the rsync daemon in the same section. */
    private String[] compareUp(Series s, String section, double libraryTarget, double commandTarget) {
        Series rsync = find(section, "rsync");
        if (s == rsync) {
            return new String[] {"the base", ""};
        }
        double share = s.median() / rsync.median();
        double target = s.system.contains("library") ? libraryTarget : commandTarget;
        return new String[] {ratio(share, "rsync's time"), verdict(String.format(Locale.ROOT, "<= %.2fx rsync", target),
                Double.isNaN(share) ? null : share <= target)};
    }

    private static String ratio(double ratio, String base) {
        return Double.isNaN(ratio) ? "- " + base : String.format(Locale.ROOT, "%.2fx %s", ratio, base);
    }

    private static String verdict(String target, Boolean met) {
        return target + ": " + (met == null ? "n/a" : met ? "met" : "MISSED");
    }

    private String header() {
        Runtime runtime = Runtime.getRuntime();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "swarmnet file bench: /dev/shm -> loopback 127.0.0.1 -> /dev/shm, one JVM%s",
                options.quick ? "  [QUICK: 10x smaller files and counts, not a measurement]" : ""));
        lines.add(String.format(Locale.ROOT, "machine: %d cores, java %s (%s), %s %s/%s, max heap %d MiB",
                runtime.availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                runtime.maxMemory() >> 20));
        lines.add(String.format(Locale.ROOT, "data: %s; big file %s, mid file %s, %,d small files of 4 KiB",
                data.root, size(data.bigSize), size(data.midSize), data.smallCount));
        lines.add("load average at start (1, 5, 15 min): " + loadAverage()
                + "  (other processes on this 2-core VM move every number; compare within one run)");
        lines.add(String.format(Locale.ROOT, "repeats: %d per case, interleaved (in (a), (b) and tree each repeat starts one case later),"
                + " after unrecorded warm-ups; the table shows medians", options.repeat));
        return Launcher.lines(lines, options.markdown);
    }

    private String footer() {
        List<String> lines = new ArrayList<>();
        lines.add("MB = 10^6 bytes of file content; rates are computed from the median time.");
        lines.add("Every run starts on an empty destination and is checked after it (file count, bytes, sampled content;"
                + " in tree every file's size and CRC32C): an incomplete run is FAILED, not timed.");
        lines.add("swarmnet: wall time around connect + getFilesFromGateway + close (listing included), every file"
                + " CRC32C-verified, written under a temporary name and renamed.");
        lines.add("tar|nc: from starting `nc -l | tar x` to its exit. rsync: the client's run, from start to exit.");
        if (options.runs("tree")) {
            lines.add("tree: rows are seconds (lower is better), compared as a share of the rsync daemon's time; `swarmnet get`"
                    + " rows are whole commands (bin/swarmnet, a new JVM each) against a `swarmnet gateway` process.");
            lines.add("tree again: the same download twice on one destination, the second timed (nothing left to"
                    + " move: rsync's quick check, swarmnet's too), compared with the rsync daemon's second run; the"
                    + " checksum rows (rsync -a -c, ExistingFiles.SKIP_SAME_CONTENT) read every file on both sides"
                    + " and are compared with each other.");
            lines.add("tree up: the tree sent the other way, into the rsync daemon's writable module (`rsync -a tree/"
                    + " rsync://.../up/`) or the gateway's download folder (`sendFolderToGateway`, `swarmnet put -r`);"
                    + " tree up again: the same upload twice, the second timed.");
        }
        lines.add("Ratios: the row's median over the named system's (above 1.00x = more per second; for times, below 1.00x = faster).");
        if (options.runs("c")) {
            lines.add(String.format(Locale.ROOT, "(c): swarmnet through testkit's TcpProxy: +%d ms in each direction, each connection capped at %d MB/s"
                    + " in each direction; warm-up: one pass of each small-file case.",
                    PROXY_LATENCY.toMillis(), PROXY_BANDWIDTH / 1_000_000));
        }
        if (heapResult != null) {
            lines.add("heap check: gateway and client in one child JVM started with " + HEAP
                    + " -XX:+ExitOnOutOfMemoryError (direct memory is then capped at 64 MiB too); one cold run, no warm-up.");
        }
        lines.add("swarmnet " + Versions.get("swarmnet.version") + ". Tools: " + (versions.isEmpty() ? "none used" : versions.toString()));
        lines.add("load average at the end (1, 5, 15 min): " + loadAverage());
        if (!cpuNotes.isEmpty()) {
            lines.add("CPU taken by others while each section ran (2 cores = 2 core-s per s): " + String.join("; ", cpuNotes));
        }
        lines.addAll(notes);
        return "\n" + Launcher.lines(lines, options.markdown);
    }


    /** 1 GiB, 256 MiB, 40.96 MB: binary units for the generated sizes that are powers of two. */
    static String size(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
