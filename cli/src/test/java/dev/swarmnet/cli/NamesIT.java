package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmnet.cli.SwarmnetProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names end to end: moved byte for byte or refused with the true reason, never changed, whatever the
 * locale the command is started in; local problems said once, before connecting; and a short pool giving the
 * connections it has. Names that are not UTF-8 are made by bash (Java cannot hold their bytes in a string).
 */
@EnabledOnOs(OS.LINUX)
class NamesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Names that are not ASCII: two-byte, three-byte and four-byte UTF-8 (a surrogate pair in Java). */
    private static final List<String> NAMES = List.of("café-é.txt", "日本.txt", "emoji-\uD83D\uDE00.txt");
    private static final Map<String, String> POSIX = Map.of("LC_ALL", "POSIX");

    @TempDir
    Path tmp;

    /** The launcher and the jar in a copy of the repository's layout (the jar is never stale: no Maven). */
    private Path launcher() throws Exception {
        Path launcher = Files.createDirectories(tmp.resolve("repo/bin")).resolve("swarmnet");
        if (Files.exists(launcher)) {
            return launcher;
        }
        Files.copy(Path.of("..", "bin", "swarmnet").toAbsolutePath().normalize(), launcher,
                StandardCopyOption.COPY_ATTRIBUTES);
        Path jar = Files.createDirectories(tmp.resolve("repo/cli/target")).resolve("swarmnet.jar");
        Files.copy(SwarmnetProcess.JAR, jar);
        return launcher;
    }

    private static Map<String, String> posixWithJava() {
        String java = Path.of(System.getProperty("java.home"), "bin").toString();
        return Map.of("LC_ALL", "POSIX", "PATH", java + ":" + System.getenv("PATH"));
    }

    private static int port(SwarmnetProcess gateway) throws InterruptedException {
        return Integer.parseInt(gateway.awaitLine("swarmnet gateway ready on port (\\d+)"));
    }

    @Test
    void aGatewayStartedByTheLauncherInThePosixLocaleServesNamesThatAreNotAsciiExactly() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        for (String name : NAMES) {
            Files.writeString(share.resolve(name), "content of " + name);
        }
        Path work = Files.createDirectories(tmp.resolve("work"));
        try (SwarmnetProcess gateway = SwarmnetProcess.exec(work, posixWithJava(), List.of(launcher().toString(),
                "gateway", "--port", "0", "--bind", "127.0.0.1", "--share", share.toString()))) {
            int port = port(gateway);
            // the client through the launcher in the POSIX locale too
            Path into = work.resolve("got");
            Result r = SwarmnetProcess.execToEnd(work, posixWithJava(), List.of(launcher().toString(), "get",
                    "127.0.0.1:" + port, "--folder", share.toString(), "-o", into.toString(), "--json"));
            assertThat(r.code()).as("%s", r).isZero();
            assertThat(JSON.readTree(r.out()).get("files").asInt()).isEqualTo(NAMES.size());
            for (String name : NAMES) {
                assertThat(into.resolve(name)).as(name).hasSameBinaryContentAs(share.resolve(name));
            }
            assertThat(names(into)).containsExactlyInAnyOrderElementsOf(NAMES);
        }
    }

    @Test
    void theJarStartedInThePosixLocaleRefusesToServeFilesAndSaysWhy() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Result r = SwarmnetProcess.run(tmp, POSIX, null, "gateway", "--port", "0", "--share", share.toString());
        assertThat(r.code()).as("%s", r).isNotZero();
        assertThat(r.err()).as("%s", r).contains("needs file names in UTF-8", "LC_ALL=C.UTF-8");
    }

    @Test
    void aNameThatIsNotUtf8FailsAloneBothWays() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Path uploads = tmp.resolve("uploads");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(share.resolve("fine.txt"), "fine");
        Files.writeString(work.resolve("fine.txt"), "fine");
        bash(share, "printf bad > $'bad\\xffname.txt'");
        bash(work, "printf bad > $'bad\\xffname.txt'");
        try (SwarmnetProcess gateway = SwarmnetProcess.start(work, "gateway", "--port", "0", "--bind", "127.0.0.1",
                "--share", share.toString(), "--download-dir", uploads.toString())) {
            String host = "127.0.0.1:" + port(gateway);

            Path into = work.resolve("got");
            Result got = SwarmnetProcess.run(work, "get", host, "--folder", share.toString(), "-o", into.toString(),
                    "--json");
            assertThat(got.code()).as("%s", got).isEqualTo(ExitCodes.PARTIAL);
            JsonNode json = JSON.readTree(got.out());
            assertThat(json.get("files").asInt()).isEqualTo(1);
            assertThat(json.get("failed")).hasSize(1);
            assertThat(json.get("failed").get(0).get("path").asText()).isEqualTo("bad\\xffname.txt");
            assertThat(json.get("failed").get(0).get("reason").asText()).contains("not valid UTF-8");
            assertThat(names(into)).containsExactly("fine.txt"); // nothing under a changed name

            // the shell passes the name's bytes as they are: the JVM sees U+FFFD in its argument
            Result put = SwarmnetProcess.execToEnd(work, Map.of(), List.of("bash", "-c", "exec \"$0\" -jar \"$1\""
                    + " put \"$2\" fine.txt $'bad\\xffname.txt' --dirname in", java(), SwarmnetProcess.JAR.toString(),
                    host));
            assertThat(put.code()).as("%s", put).isEqualTo(ExitCodes.PARTIAL);
            assertThat(put.out()).startsWith("sent 1 file");
            assertThat(put.err()).contains("failed: bad\\xffname.txt: the name is not valid UTF-8")
                    .contains("1 of 2 files failed").doesNotContain("\uFFFD");
            assertThat(names(uploads.resolve("in"))).containsExactly("fine.txt");
        }
    }

    @Test
    void aDestinationThatCannotBeUsedIsOneUsageErrorBeforeConnecting() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        // port 1: nothing listens there, so an answer about the destination came before any connection
        for (Path output : List.of(file, file.resolve("below"))) {
            Result r = SwarmnetProcess.run(tmp, "get", "127.0.0.1:1", "--folder", "x", "-o", output.toString());
            assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.USAGE);
            assertThat(r.errLines()).as("%s", r).hasSize(1);
            assertThat(r.err()).contains(file.toString()).contains("is a file").doesNotContain("swarmnet-part");
        }
        // A folder that exists but is not writable cannot be made as root (root writes anywhere but on a
        // read-only file system): that case is the same check, untested here.
    }

    @Test
    void aGatewayThatCannotWriteItsDownloadFolderWarnsAndAnswersEachUpload() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file where a folder would be");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("one.txt"), "1");
        Files.writeString(work.resolve("two.txt"), "2");
        try (SwarmnetProcess gateway = SwarmnetProcess.start(work, "gateway", "--port", "0", "--bind", "127.0.0.1",
                "--download-dir", blocker.resolve("uploads").toString())) {
            String host = "127.0.0.1:" + port(gateway);
            Result put = SwarmnetProcess.run(work, "put", host, "one.txt", "two.txt");
            assertThat(put.code()).as("%s", put).isEqualTo(ExitCodes.PARTIAL);
            assertThat(put.err()).contains("failed: one.txt", "failed: two.txt", "cannot write into its download folder")
                    .doesNotContain("connection").doesNotContain("swarmnet-part");
            assertThat(ping(host)).as("the connection stayed usable: the gateway serves on").isZero();
            gateway.close();
            assertThat(gateway.awaitExit().err()).contains("uploads will be refused", blocker.toString());
        }
    }

    @Test
    void aShortPoolGivesTheConnectionsItHasUnlessExact() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(share.resolve("f" + i), "file " + i);
        }
        Path work = Files.createDirectories(tmp.resolve("work"));
        try (SwarmnetProcess gateway = SwarmnetProcess.start(work, "gateway", "--port", "0", "--bind", "127.0.0.1",
                "--pool", "3", "--share", share.toString(), "--download-dir", tmp.resolve("up").toString())) {
            String host = "127.0.0.1:" + port(gateway);
            Result got = SwarmnetProcess.run(work, "get", host, "--folder", share.toString(), "-c", "8", "-o", "got",
                    "--json");
            assertThat(got.code()).as("%s", got).isZero();
            assertThat(got.err()).contains("swarmnet get: the gateway gave 3 of 8 connections");
            assertThat(JSON.readTree(got.out()).get("connections").asInt()).isEqualTo(3);
            assertThat(names(work.resolve("got"))).hasSize(20);

            Result put = SwarmnetProcess.run(work, "put", host, "got/f1", "got/f2", "-c", "8");
            assertThat(put.code()).as("%s", put).isZero();
            assertThat(put.err()).contains("swarmnet put: the gateway gave 3 of 8 connections");
            assertThat(put.out()).contains("over 3 connections");

            Result exact = SwarmnetProcess.run(work, "get", host, "--folder", share.toString(), "-c", "8", "--exact",
                    "-o", "exact");
            assertThat(exact.code()).as("%s", exact).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(exact.err()).contains("pool full");
        }
    }

    @Test
    void anUnreadableLocalFileFailsAloneInPut() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("a.txt"), "a");
        Path locked = Files.writeString(work.resolve("b.txt"), "b");
        Files.writeString(work.resolve("c.txt"), "c");
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try (SwarmnetProcess gateway = SwarmnetProcess.start(work, "gateway", "--port", "0", "--bind", "127.0.0.1",
                "--download-dir", tmp.resolve("up").toString())) {
            String host = "127.0.0.1:" + port(gateway);
            // put runs where the mode binds, even when the tests run as root (who reads every file)
            Result put = SwarmnetProcess.runBoundByFileModes(work, "put", host, "a.txt", "b.txt", "c.txt");
            assertThat(put.code()).as("%s", put).isEqualTo(ExitCodes.PARTIAL);
            assertThat(put.out()).startsWith("sent 2 files");
            assertThat(put.err()).contains("failed: b.txt: cannot read the local file: Permission denied")
                    .doesNotContain("connection");
        }
        assertThat(names(tmp.resolve("up"))).containsExactlyInAnyOrder("a.txt", "c.txt");
    }

    private int ping(String host) throws Exception {
        return SwarmnetProcess.run(tmp, "ping", host, "-n", "1").code();
    }

    private static void bash(Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor()).as(script).isZero();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The names in a folder, as Java reads them (this JVM's names are UTF-8). */
    private static List<String> names(Path dir) throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        return names;
    }
}
