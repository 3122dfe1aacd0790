package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.cli.SwarmnetProcess.Result;
import dev.swarmnet.testkit.SampleTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every client command end to end through the real jar: one {@code swarmnet gateway} process (with the
 * demo subroutines and a plugin jar built here) serves the whole class; each command is its own process.
 */
class CliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POOL = 3;

    @TempDir
    static Path tmp;

    private static Path share;
    private static Path uploads;
    private static Path work;
    private static SwarmnetProcess gateway;
    private static String host;
    private static int port;

    @BeforeAll
    static void startGateway() throws Exception {
        share = Files.createDirectories(tmp.resolve("share"));
        uploads = tmp.resolve("uploads");
        work = Files.createDirectories(tmp.resolve("work"));
        Path logs = Files.createDirectories(share.resolve("logs"));
        for (int i = 0; i < 30; i++) {
            Files.writeString(logs.resolve("app-" + i + ".log"), "line " + i + "\n".repeat(i));
        }
        Files.writeString(logs.resolve("notes.txt"), "not a log");
        Files.createDirectories(logs.resolve("old"));
        Files.writeString(logs.resolve("old/app-old.log"), "old");
        Files.createDirectories(share.resolve("other"));
        Files.writeString(share.resolve("other/app-1.log"), "same name, other folder");
        Path plugin = PluginJar.greeter(Files.createDirectories(tmp.resolve("plugin")));

        gateway = SwarmnetProcess.start(work, "gateway", "--port", "0", "--bind", "127.0.0.1", "--pool",
                String.valueOf(POOL), "--share", share.toString(), "--download-dir", uploads.toString(), "--demo",
                "--plugin", plugin.toString());
        port = Integer.parseInt(gateway.awaitLine("swarmnet gateway ready on port (\\d+)"));
        host = "127.0.0.1:" + port;
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Result swarmnet(String... args) throws Exception {
        return SwarmnetProcess.run(work, args);
    }

    private static Result ok(String... args) throws Exception {
        Result r = swarmnet(args);
        assertThat(r.code()).as("%s", r).isZero();
        return r;
    }

    /** A failure: the exit code and ONE line on stderr, no stack trace. */
    private static String fails(int code, String... args) throws Exception {
        Result r = swarmnet(args);
        assertThat(r.code()).as("%s", r).isEqualTo(code);
        assertThat(r.errLines()).as("%s", r).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ");
        return r.err().strip();
    }

    @Test
    void pingPrintsRoundTripsAndASummary() throws Exception {
        Result r = ok("ping", host, "--count", "3");
        assertThat(r.out()).contains("connected to " + host);
        assertThat(r.out().lines().filter(l -> l.startsWith("reply from " + host + ": seq="))).hasSize(3);
        assertThat(r.out()).containsPattern("3 pings: rtt min/avg/max = [0-9.]+/[0-9.]+/[0-9.]+ ms");

        JsonNode json = JSON.readTree(ok("ping", host, "-n", "2", "--json").out());
        assertThat(json.get("count").asInt()).isEqualTo(2);
        assertThat(json.get("minMs").asDouble()).isPositive().isLessThanOrEqualTo(json.get("maxMs").asDouble());
        assertThat(ok("ping", host, "--quiet").out()).isEmpty();
    }

    @Test
    void callPrintsTheResultAsTextOrInTheChosenFormat() throws Exception {
        assertThat(ok("call", host, "echo", "hello there").out()).isEqualTo("hello there\n");
        assertThat(ok("call", host, "echo", "\"42\"").out()).isEqualTo("42\n");
        float usage = Float.parseFloat(ok("call", host, "mount_usage", "123", "--as", "float").out().strip());
        assertThat(usage).isBetween(0f, 1f);
        assertThat(ok("call", host, "mount_usage", "--kw", "request_id=7", "--as", "hex").out().strip())
                .matches("[0-9a-f]{8}");
        Path out = work.resolve("usage.bin");
        assertThat(ok("call", host, "mount_usage", "1", "--out", out.toString()).out()).isEmpty();
        assertThat(Files.size(out)).isEqualTo(4);
    }

    @Test
    void aTimeoutEndsASlowCallWithExitCode124AndAFastCallIsUntouched() throws Exception {
        // Its own gateway: the cut-off nap holds its handler until the gateway notices (a keepalive later).
        Path plugin = PluginJar.greeter(Files.createDirectories(tmp.resolve("nap-plugin")));
        try (SwarmnetProcess napper = SwarmnetProcess.start(work, "gateway", "--port", "0", "--bind", "127.0.0.1",
                "--plugin", plugin.toString())) {
            String napHost = "127.0.0.1:" + napper.awaitLine("swarmnet gateway ready on port (\\d+)");
            assertThat(fails(ExitCodes.TIMED_OUT, "call", napHost, "nap", "--kw", "millis=20000", "--timeout", "300ms"))
                    .contains("call timeout of 300 ms");
            assertThat(ok("call", napHost, "nap", "--kw", "millis=1", "--timeout", "30s", "--stall-timeout", "10s")
                    .out()).isEqualTo("rested\n");
        }
    }

    @Test
    void sendPrintsTheIntTheSubroutineReturned() throws Exception {
        Path data = Files.write(work.resolve("three.bin"), new byte[] {1, 2, 3});
        assertThat(ok("send", host, "set_io", "2", "--kw", "mode=fast", "--data", data.toString()).out())
                .isEqualTo("6\n");
        Result fromStdin = SwarmnetProcess.run(work, "abc".getBytes(StandardCharsets.UTF_8),
                "send", host, "checksum", "--data", "-");
        assertThat(fromStdin.code()).as("%s", fromStdin).isZero();
        assertThat(fromStdin.out()).isEqualTo((97 + 98 + 99) + "\n");
    }

    @Test
    void streamPrintsEachChunkOnALineUntilTheEndOrMax() throws Exception {
        assertThat(ok("stream", host, "sensor", "4").out().lines().toList())
                .hasSize(4).allMatch(l -> l.matches("reading \\d: [0-9.]+ C"));
        assertThat(ok("stream", host, "sensor", "--max", "3", "--ident").out().lines().toList())
                .hasSize(3).first().asString().startsWith("0\treading 0:");
        // The endless stream was aborted cleanly: the handler's slot is free again for the next commands.
        assertThat(ok("stream", host, "countdown", "--kw", "from=2").out()).isEqualTo("T-2\nT-1\nT-0\n");
    }

    @Test
    void ctrlCEndsAnEndlessStreamQuietlyAndFreesItsHandler() throws Exception {
        try (SwarmnetProcess stream = SwarmnetProcess.start(work, "stream", host, "sensor", "--kw", "period_ms=1")) {
            stream.awaitLine("^reading 0: ");
            stream.interrupt();
            Result r = stream.awaitExit();
            assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(r.err()).as("%s", r).isEmpty();
        }
        // The handler's slot comes back once the gateway sees the connection end: the whole pool can be taken.
        try (Controller controller = new Controller("127.0.0.1", port)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> canTakeWholePool(controller));
        }
    }

    @Test
    void aStreamIntoAClosedPipeEnds() throws Exception {
        try (SwarmnetProcess stream = SwarmnetProcess.start(work, "stream", host, "sensor")) {
            stream.awaitLine("^reading 0: ");
            stream.process().getInputStream().close(); // like "| head -1" exiting
            assertThat(stream.awaitExit().code()).isZero();
        }
    }

    private static boolean canTakeWholePool(Controller controller) throws Exception {
        List<Client> taken = new ArrayList<>();
        try {
            for (int i = 0; i < POOL; i++) {
                taken.add(controller.getClient());
            }
            return true;
        } catch (dev.swarmnet.PoolFullException e) {
            return false;
        } finally {
            taken.forEach(Client::close);
        }
    }

    @Test
    void aPluginsSubroutinesAreServed() throws Exception {
        assertThat(ok("call", host, "hello", "pi").out()).isEqualTo("hello pi\n");
        assertThat(ok("call", host, "hello", "--kw", "name=car", "--kw", "punctuation=!").out())
                .isEqualTo("hello car!\n");
    }

    @Test
    void getKeepsModesAndCountsListsAndReportsTheSkippedEntries() throws Exception {
        Path meta = Files.createDirectories(share.resolve("meta/inner")).getParent();
        Files.writeString(meta.resolve("inner/secret.txt"), "only mine");
        Files.setPosixFilePermissions(meta.resolve("inner/secret.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(meta.resolve("link"), Path.of("inner/secret.txt"));
        Process fifo = new ProcessBuilder("mkfifo", meta.resolve("fifo").toString()).start();
        assertThat(fifo.waitFor()).isZero();

        Path plain = work.resolve("meta-plain");
        Result r = ok("get", host, "--folder", "meta", "-r", "-o", plain.toString());
        assertThat(r.out()).startsWith("received 1 file").contains("; 2 skipped").doesNotContain("skipped: ");
        assertThat(Files.getPosixFilePermissions(plain.resolve("inner/secret.txt")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Result verbose = ok("get", host, "--folder", "meta", "-r", "-v", "-o", work.resolve("meta-v").toString());
        assertThat(verbose.out().lines().filter(l -> l.startsWith("skipped: ")))
                .containsExactly("skipped: fifo: a special file", "skipped: link: a link");

        JsonNode json = JSON.readTree(ok("get", host, "--folder", "meta", "-r", "--json", "-o",
                work.resolve("meta-json").toString()).out());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("skipped")).hasSize(2);
        assertThat(json.get("skipped").get(1).get("path").asText()).isEqualTo("link");
        assertThat(json.get("skipped").get(1).get("reason").asText()).isEqualTo("a link");

        Path noPerms = work.resolve("meta-no-perms");
        ok("get", host, "--folder", "meta", "-r", "--no-perms", "-o", noPerms.toString());
        Path probe = Files.createFile(work.resolve("probe-default-mode"));
        assertThat(Files.getPosixFilePermissions(noPerms.resolve("inner/secret.txt")))
                .isEqualTo(Files.getPosixFilePermissions(probe));
    }

    @Test
    void getWithLinksMakesTheLinksThatStayInsideAndListsTheOthersAsSkipped() throws Exception {
        Path linked = Files.createDirectories(share.resolve("linked/sub")).getParent();
        Files.writeString(linked.resolve("a.txt"), "a");
        Files.createSymbolicLink(linked.resolve("to-a"), Path.of("a.txt"));
        Files.createSymbolicLink(linked.resolve("sub/up"), Path.of("../a.txt"));
        Files.createSymbolicLink(linked.resolve("out"), Path.of("../logs/notes.txt"));
        Files.createSymbolicLink(linked.resolve("abs"), Path.of("/etc/passwd"));

        Path got = work.resolve("linked-l");
        Result r = ok("get", host, "--folder", "linked", "-r", "-l", "-v", "-o", got.toString());
        assertThat(r.out()).startsWith("received 3 files").contains("; 2 skipped");
        assertThat(r.out().lines().filter(l -> l.startsWith("skipped: "))).containsExactly(
                "skipped: abs: an absolute link", "skipped: out: a link leading outside the folder");
        assertThat(Files.readSymbolicLink(got.resolve("to-a"))).isEqualTo(Path.of("a.txt"));
        assertThat(Files.readSymbolicLink(got.resolve("sub/up"))).isEqualTo(Path.of("../a.txt"));
        assertThat(got.resolve("out")).doesNotExist();
        assertThat(Files.isSymbolicLink(got.resolve("abs"))).isFalse();

        Result again = ok("get", host, "--folder", "linked", "-r", "--links", "-o", got.toString());
        assertThat(again.out()).startsWith("received 0 files").contains("; 3 unchanged (already there)");

        Path plain = work.resolve("linked-plain");
        Result without = ok("get", host, "--folder", "linked", "-r", "-v", "-o", plain.toString());
        assertThat(without.out()).startsWith("received 1 file ").contains("; 4 skipped");
        assertThat(without.out().lines().filter(l -> l.startsWith("skipped: "))).containsExactly(
                "skipped: abs: a link", "skipped: out: a link", "skipped: sub/up: a link", "skipped: to-a: a link");
        assertThat(fails(2, "get", host, "--file", "linked/a.txt", "-l", "-o", plain.toString()))
                .contains("--links");
    }

    @Test
    void getDownloadsAFolderByRegexWithOneConnectionOrASwarm() throws Exception {
        Path one = work.resolve("one");
        Result r = ok("get", host, "--folder", "logs", "--regex", "app-.*\\.log", "-o", one.toString());
        assertThat(r.out()).startsWith("received 30 files");
        assertThat(list(one)).hasSize(30).doesNotContain("notes.txt");
        assertThat(Files.readString(one.resolve("app-3.log"))).isEqualTo(Files.readString(share.resolve("logs/app-3.log")));

        Path many = work.resolve("many");
        JsonNode json = JSON.readTree(ok("get", host, "--folder", share.resolve("logs").toString(), "--recursive",
                "-c", "3", "-o", many.toString(), "--json").out());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("files").asInt()).isEqualTo(32);
        assertThat(json.get("connections").asInt()).isEqualTo(3);
        // The time is the whole transfer's: the listing is part of it.
        assertThat(json.has("listingSeconds")).isTrue();
        assertThat(json.get("listingSeconds").asDouble()).isNotNegative()
                .isLessThanOrEqualTo(json.get("seconds").asDouble());
        assertThat(Files.readString(many.resolve("old/app-old.log"))).isEqualTo("old");

        Path listed = work.resolve("listed");
        ok("get", host, "--file", "logs/notes.txt", "logs/app-0.log", "-o", listed.toString(), "-q");
        assertThat(list(listed.resolve("logs"))).containsExactlyInAnyOrder("notes.txt", "app-0.log");
    }

    @Test
    void getFileKeepsThePathsGivenSoFilesOfTheSameNameAllArrive() throws Exception {
        Path both = work.resolve("both");
        Result r = ok("get", host, "--file", "logs/app-1.log", share.resolve("other/app-1.log").toString(), "-o",
                both.toString());
        assertThat(r.out()).startsWith("received 2 files");
        assertThat(Files.readString(both.resolve("logs/app-1.log"))).isEqualTo(Files.readString(share.resolve("logs/app-1.log")));
        assertThat(Files.readString(both.resolve("other/app-1.log"))).isEqualTo("same name, other folder");
    }

    @Test
    void aTransferRunAgainSendsOnlyWhatChangedUnlessToldOtherwise() throws Exception {
        Path again = work.resolve("again");
        ok("get", host, "--folder", "logs", "-r", "-o", again.toString(), "-q");
        Result second = ok("get", host, "--folder", "logs", "-r", "-o", again.toString());
        assertThat(second.out()).startsWith("received 0 files").contains("32 unchanged (already there)");
        JsonNode json = JSON.readTree(ok("get", host, "--folder", "logs", "-r", "-o", again.toString(), "--overwrite",
                "--json").out());
        assertThat(json.get("files").asInt()).isEqualTo(32);
        assertThat(json.get("unchanged").asInt()).isZero();
        Files.writeString(again.resolve("notes.txt"), "my own notes");
        Result dry = ok("get", host, "--folder", "logs", "-r", "-o", again.toString(), "--dry-run");
        assertThat(dry.out().lines().toList()).containsExactly("notes.txt",
                "dry run: would receive 1 file (9 B) into " + again + "; nothing moved");
        assertThat(Files.readString(again.resolve("notes.txt"))).isEqualTo("my own notes");
        json = JSON.readTree(ok("get", host, "--folder", "logs", "-r", "-o", again.toString(), "--ignore-existing",
                "--json").out());
        assertThat(json.get("files").asInt()).isZero();
        assertThat(json.get("unchanged").asInt()).isEqualTo(32);
        assertThat(Files.readString(again.resolve("notes.txt"))).isEqualTo("my own notes");

        Path globbed = work.resolve("globbed");
        Result only = ok("get", host, "--folder", "logs", "-r", "-o", globbed.toString(), "--include", "*.log",
                "--exclude", "old/", "--exclude", "app-1*");
        assertThat(only.out()).startsWith("received 19 files");
        assertThat(list(globbed)).doesNotContain("notes.txt", "old", "app-1.log", "app-12.log").contains("app-2.log");

        Result listed = ok("ls", host, "logs", "-r", "--exclude", "app-*");
        assertThat(listed.out().lines().toList()).singleElement().satisfies(l -> assertThat(l).endsWith("  notes.txt"));
        JsonNode ls = JSON.readTree(ok("ls", host, "logs", "--json").out());
        assertThat(ls.get("files").size()).isEqualTo(31);

        Path file = Files.writeString(work.resolve("twice.txt"), "uploaded twice");
        ok("put", host, file.toString(), "--dirname", "twice", "-q");
        assertThat(ok("put", host, file.toString(), "--dirname", "twice").out()).startsWith("sent 0 files")
                .contains("1 unchanged");
        Files.writeString(file, "uploaded twice, then changed");
        JsonNode wouldSend = JSON.readTree(ok("put", host, file.toString(), "--dirname", "twice", "-n", "--json").out());
        assertThat(wouldSend.get("files").size()).isEqualTo(1);
        assertThat(Files.readString(uploads.resolve("twice/twice.txt"))).isEqualTo("uploaded twice");
        assertThat(swarmnet("get", host, "--folder", "logs", "--ignore-existing", "--overwrite").code())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void checksumComparesContentNotTimesBothWays() throws Exception {
        Path copy = work.resolve("summed");
        ok("get", host, "--folder", "logs", "-r", "-o", copy.toString(), "-q");
        Files.setLastModifiedTime(copy.resolve("app-1.log"), FileTime.fromMillis(1_600_000_000_000L)); // same bytes
        Path edited = copy.resolve("app-2.log");
        FileTime time = Files.getLastModifiedTime(edited);
        byte[] bytes = Files.readAllBytes(edited);
        bytes[0] ^= 0x20;
        Files.write(edited, bytes);
        Files.setLastModifiedTime(edited, time); // other bytes, same size and time

        Result quick = ok("get", host, "--folder", "logs", "-r", "-o", copy.toString(), "-n");
        assertThat(quick.out().lines()).contains("app-1.log").doesNotContain("app-2.log");
        Result dry = ok("get", host, "--folder", "logs", "-r", "-o", copy.toString(), "--checksum", "-n");
        assertThat(dry.out().lines()).contains("app-2.log").doesNotContain("app-1.log");
        JsonNode json = JSON.readTree(ok("get", host, "--folder", "logs", "-r", "-o", copy.toString(), "--checksum",
                "--json").out());
        assertThat(json.get("files").asInt()).isEqualTo(1);
        assertThat(json.get("unchanged").asInt()).isEqualTo(31);
        assertThat(Files.readAllBytes(edited)).isEqualTo(Files.readAllBytes(share.resolve("logs/app-2.log")));
        assertThat(Files.getLastModifiedTime(copy.resolve("app-1.log")))
                .isEqualTo(Files.getLastModifiedTime(share.resolve("logs/app-1.log")));

        Path file = Files.writeString(work.resolve("summed.txt"), "the same bytes");
        ok("put", host, file.toString(), "--dirname", "summed", "-q");
        Path there = uploads.resolve("summed/summed.txt");
        Files.setLastModifiedTime(there, FileTime.fromMillis(1_600_000_000_000L));
        assertThat(ok("put", host, file.toString(), "--dirname", "summed", "-n").out().lines())
                .as("the quick check sees another time").contains(file.toString());
        assertThat(ok("put", host, file.toString(), "--dirname", "summed", "--checksum").out())
                .startsWith("sent 0 files").contains("1 unchanged");
        assertThat(Files.getLastModifiedTime(there)).isEqualTo(Files.getLastModifiedTime(file));

        assertThat(fails(ExitCodes.USAGE, "get", host, "--folder", "logs", "--checksum", "--overwrite"))
                .contains("--overwrite and --checksum contradict each other");
        assertThat(fails(ExitCodes.USAGE, "put", host, file.toString(), "--ignore-existing", "--checksum"))
                .contains("--ignore-existing and --checksum contradict each other");
    }

    @Test
    void putUploadsIntoTheGatewaysDownloadFolder() throws Exception {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            files.add(Files.writeString(work.resolve("up-" + i + ".txt"), "upload " + i).toString());
        }
        List<String> args = new ArrayList<>(List.of("put", host));
        args.addAll(files);
        args.addAll(List.of("--dirname", "batch", "-c", "2"));
        assertThat(ok(args.toArray(String[]::new)).out()).startsWith("sent 5 files");
        assertThat(Files.readString(uploads.resolve("batch/up-3.txt"))).isEqualTo("upload 3");

        ok("put", host, files.get(0));
        assertThat(Files.readString(uploads.resolve("up-0.txt"))).isEqualTo("upload 0");
    }

    @Test
    void putRecursiveSendsATreeWithItsPathsFoldersModesAndTimesAndAgainSendsNothing() throws Exception {
        Path tree = SampleTree.create(Files.createDirectories(work.resolve("trees")), "tree");
        Path plain = Files.writeString(work.resolve("beside.txt"), "a plain file beside the tree");

        Result r = swarmnet("put", "-r", host, tree.toString(), plain.toString(), "--dirname", "sent/here", "-v");
        assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.PARTIAL); // the name that is not UTF-8
        assertThat(r.out()).startsWith("sent 5 files").contains("; 4 skipped");
        assertThat(r.out().lines().filter(l -> l.startsWith("skipped: "))).containsExactlyInAnyOrder(
                "skipped: tree/a/link-in: a link", "skipped: tree/b/link-out: a link",
                "skipped: tree/c/folder-out: a link", "skipped: tree/c/fifo: a special file");
        assertThat(r.err()).contains("failed: tree/" + SampleTree.NOT_UTF8 + ": the name is not valid UTF-8");
        assertThat(SampleTree.differences(tree, uploads.resolve("sent/here/tree"))).isEmpty();
        assertThat(Files.readString(uploads.resolve("sent/here/beside.txt"))).isEqualTo("a plain file beside the tree");

        Result again = swarmnet("put", "-r", host, tree.toString(), "--dirname", "sent/here", "--json");
        JsonNode json = JSON.readTree(again.out());
        assertThat(json.get("files").asInt()).as("%s", again).isZero();
        assertThat(json.get("unchanged").asInt()).isEqualTo(SampleTree.FILES.size());
        assertThat(json.get("skipped")).hasSize(SampleTree.SKIPPED.size());
        assertThat(SampleTree.differences(tree, uploads.resolve("sent/here/tree"))).isEmpty();
        Result dry = ok("put", "-r", "-n", host, tree.toString(), "--dirname", "sent/here");
        assertThat(dry.out()).startsWith("dry run: would send 0 files");

        Result swarm = swarmnet("put", "-r", host, tree.toString(), "--dirname", "by-swarm", "-c", "2", "--json");
        assertThat(JSON.readTree(swarm.out()).get("files").asInt()).as("%s", swarm).isEqualTo(SampleTree.FILES.size());
        assertThat(SampleTree.differences(tree, uploads.resolve("by-swarm/tree"))).isEmpty();

        Result some = ok("put", "-r", host, tree.toString(), "--dirname", "some", "--include", "x", "--exclude",
                "deep/");
        assertThat(some.out()).startsWith("sent 2 files");
        assertThat(uploads.resolve("some/tree/b/deep")).doesNotExist();
    }

    @Test
    void putOfAFolderWithoutRecursiveSaysToUseIt() throws Exception {
        Path folder = Files.createDirectories(work.resolve("a-folder"));
        assertThat(fails(ExitCodes.USAGE, "put", host, folder.toString())).contains("is a folder: use -r");
        assertThat(fails(ExitCodes.USAGE, "put", host, work.resolve("beside.txt").toString(), "--include", "*.txt"))
                .contains("add -r");
    }

    @Test
    void aTransferWithSomeFailedFilesExitsFourAndListsThem() throws Exception {
        Files.createDirectories(uploads.resolve("clash/taken.txt")); // a folder where the file would land
        Path good = Files.writeString(work.resolve("fine.txt"), "fine");
        Path bad = Files.writeString(work.resolve("taken.txt"), "taken");
        Result r = swarmnet("put", host, good.toString(), bad.toString(), "--dirname", "clash");
        assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.PARTIAL);
        assertThat(r.out()).startsWith("sent 1 file");
        assertThat(r.err()).contains("failed: taken.txt").contains("1 of 2 files failed");
        assertThat(Files.readString(uploads.resolve("clash/fine.txt"))).isEqualTo("fine");
    }

    @Test
    void remoteRefusalsExitOneWithOneLine() throws Exception {
        assertThat(fails(ExitCodes.FAILED, "call", host, "no_such_thing")).startsWith("swarmnet call: UNKNOWN_SUBROUTINE");
        assertThat(fails(ExitCodes.FAILED, "call", host, "sensor")).contains("WRONG_KIND");
        assertThat(fails(ExitCodes.FAILED, "send", host, "set_io", "99", "--data", "-")).contains("BAD_ARGUMENTS");
        assertThat(fails(ExitCodes.FAILED, "get", host, "--file", "/etc/passwd", "-o", "x"))
                .startsWith("swarmnet get: FORBIDDEN");
        assertThat(fails(ExitCodes.FAILED, "get", host, "--folder", "logs/../../", "-o", "x")).contains("FORBIDDEN");
        assertThat(Files.exists(work.resolve("x/passwd"))).isFalse();
    }

    @Test
    void anUnreachableGatewayExitsThreeWithOneLine() throws Exception {
        String line = fails(ExitCodes.UNREACHABLE, "ping", "127.0.0.1:1");
        assertThat(line).startsWith("swarmnet ping: cannot connect to 127.0.0.1:1");
    }

    @Test
    void aTlsClientOfThisPlainGatewayIsToldItIsPlain() throws Exception {
        assertThat(fails(ExitCodes.UNREACHABLE, "ping", host, "--tls"))
                .startsWith("swarmnet ping: TLS handshake with gateway " + host + " failed")
                .contains("plain gateway", "leave out --tls");
        assertThat(ok("ping", host, "-n", "1").out()).contains("seq=1");
    }

    @Test
    void aFullPoolExitsThree() throws Exception {
        List<Client> held = new ArrayList<>();
        try (Controller controller = new Controller("127.0.0.1", port)) {
            for (int i = 0; i < POOL; i++) {
                held.add(controller.getClient());
            }
            assertThat(fails(ExitCodes.UNREACHABLE, "call", host, "echo", "x")).contains("pool full");
        }
        assertThat(ok("ping", host, "-n", "1").out()).contains("seq=1");
    }

    @Test
    void usageErrorsExitTwoWithTheSynopsis() throws Exception {
        Result r = swarmnet("get", host);
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("swarmnet get: name either --folder DIR or --file PATH...");
        Result unknown = swarmnet("ping", host, "--cuont", "3");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("Unknown option", "'--cuont'", "Usage: swarmnet ping", "--help");
        assertThat(swarmnet("fly").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(fails(ExitCodes.USAGE, "put", host, "no-such-file.txt")).contains("no such file");
        assertThat(swarmnet("ping", "host:99999").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() throws Exception {
        Result r = ok("--help");
        assertThat(r.out()).contains("gateway", "get", "put", "ls", "ping", "call", "send", "stream", "close", "demo",
                "Exit codes:", "130");
        assertThat(ok("get", "--help").out()).contains("--folder", "--regex", "--connections");
    }

    @Test
    void closeEndsTheHandler() throws Exception {
        assertThat(ok("close", host).out()).isEqualTo("handler closed\n");
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }
}
