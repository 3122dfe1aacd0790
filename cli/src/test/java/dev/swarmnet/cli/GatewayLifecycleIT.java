package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.cli.SwarmnetProcess.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway process: what it says when it starts, and how it ends. */
class GatewayLifecycleIT {
    @TempDir
    Path tmp;

    @Test
    void withoutShareItSharesNothingTakesNoUploadsAndAClientCanStopItOnlyWhenAllowed() throws Exception {
        Files.writeString(tmp.resolve("here.txt"), "never served: the current folder is not shared");
        try (SwarmnetProcess gw = SwarmnetProcess.start(tmp, "gateway", "--port", "0", "--bind", "127.0.0.1",
                "--allow-remote-close")) {
            String port = gw.awaitLine("ready on port (\\d+)");
            Path down = Files.createDirectories(tmp.resolve("down"));
            Result get = SwarmnetProcess.run(down, "get", "127.0.0.1:" + port, "--file", "here.txt");
            assertThat(get.code()).as("%s", get).isEqualTo(ExitCodes.FAILED);
            assertThat(get.err()).contains("FORBIDDEN", "shares no folder");
            assertThat(down.resolve("here.txt")).doesNotExist();
            Result put = SwarmnetProcess.run(tmp, "put", "127.0.0.1:" + port, "here.txt");
            assertThat(put.code()).as("%s", put).isNotZero();
            assertThat(put.err()).contains("FORBIDDEN");

            Result close = SwarmnetProcess.run(tmp, "close", "127.0.0.1:" + port, "--gateway");
            assertThat(close.code()).as("%s", close).isZero();
            Result end = gw.awaitExit();
            assertThat(end.code()).as("%s", end).isZero();
            assertThat(end.out()).contains("no --share given: sharing no folders", "sharing nothing",
                    "uploads refused", "plain TCP", "remote close allowed", "subroutines: none", "gateway closed");
            assertThat(end.err()).as("%s", end).doesNotContain("warning"); // loopback: no warning
            assertThat(end.err()).as("a line per connection").contains(" connected", " left after ");
        }
    }

    @Test
    void metricsAreServedInPrometheusTextAndTheLogSaysWhatTheGatewayDid() throws Exception {
        try (SwarmnetProcess gw = SwarmnetProcess.start(tmp, List.of(), "gateway", "--port", "0", "--bind",
                "127.0.0.1", "--demo", "--metrics", "127.0.0.1:0")) {
            String port = gw.awaitLine("ready on port (\\d+)");
            String metrics = gw.awaitLine("metrics at (http://\\S+/metrics)");
            Path down = Files.createDirectories(tmp.resolve("down"));
            assertThat(SwarmnetProcess.run(tmp, "ping", "-q", "127.0.0.1:" + port).code()).isZero();
            assertThat(SwarmnetProcess.run(tmp, "call", "127.0.0.1:" + port, "no_such_name").code()).isNotZero();
            Result get = SwarmnetProcess.run(down, "get", "127.0.0.1:" + port, "--folder", "logs", "-r", "-q");
            assertThat(get.code()).as("%s", get).isZero();

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(metrics)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(scrape.body()).contains(
                    "swarmnet_calls_seconds_count{kind=\"ping\",outcome=\"OK\",side=\"gateway\",subroutine=\"ping\"} 4",
                    "outcome=\"UNKNOWN_SUBROUTINE\",side=\"gateway\",subroutine=\"(unknown)\"} 1",
                    "swarmnet_transfer_files_total{direction=\"download\",side=\"gateway\"} 201.0",
                    "swarmnet_pool_size{gateway=\"/127.0.0.1:" + port + "\",side=\"gateway\"} 5.0",
                    "jvm_memory_used_bytes");
            assertThat(scrape.body()).doesNotContain("no_such_name");

            gw.interrupt();
            Result end = gw.awaitExit();
            assertThat(end.err()).contains(" connected", " left after ", "the client closed it",
                    "UNKNOWN_SUBROUTINE", "download: 201 files");
            assertThat(end.err().lines().filter(l -> l.contains("app-0"))).as("no line per file").isEmpty();
        }
    }

    @Test
    void demoWithoutShareServesAGeneratedFolderAndRemovesItWhenStopped() throws Exception {
        try (SwarmnetProcess gw = SwarmnetProcess.start(tmp, List.of(), "gateway", "--port", "0", "--bind",
                "127.0.0.1", "--demo")) {
            String folder = gw.awaitLine("sharing a generated demo folder (\\S+)");
            String port = gw.awaitLine("ready on port (\\d+)");
            Path down = Files.createDirectories(tmp.resolve("down"));
            Result get = SwarmnetProcess.run(down, "get", "127.0.0.1:" + port, "--folder", "logs", "-r", "--json");
            assertThat(get.code()).as("%s", get).isZero();
            assertThat(down.resolve("camera.raw")).hasSize(1 << 20);
            assertThat(down.resolve("archive/app-00009.log")).exists();
            Result call = SwarmnetProcess.run(tmp, "call", "127.0.0.1:" + port, "mount_usage", "1", "--as", "float");
            assertThat(call.code()).as("%s", call).isZero();
            gw.interrupt();
            Result end = gw.awaitExit();
            assertThat(end.code()).as("%s", end).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(Path.of(folder)).as("the generated folder is removed").doesNotExist();
        }
    }

    @Test
    void ctrlCClosesItCleanly() throws Exception {
        try (SwarmnetProcess gw = SwarmnetProcess.start(tmp, List.of(), "gateway", "--port", "0", "--bind",
                "127.0.0.1", "--share", tmp.toString())) {
            String port = gw.awaitLine("ready on port (\\d+)");
            gw.interrupt(); // SIGINT, as Ctrl-C: the shutdown hook closes the gateway
            Result end = gw.awaitExit();
            assertThat(end.code()).as("%s", end).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(end.err()).as("%s", end).isEmpty();
            Result ping = SwarmnetProcess.run(tmp, "ping", "127.0.0.1:" + port);
            assertThat(ping.code()).as("%s", ping).isEqualTo(ExitCodes.UNREACHABLE);
        }
    }

    @Test
    void aPortInUseExitsThree() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result r = SwarmnetProcess.run(tmp, "gateway", "--port", String.valueOf(taken.getLocalPort()), "--bind",
                    "127.0.0.1", "--share", tmp.toString());
            assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(r.err()).contains("cannot listen on");
        }
    }

    @Test
    void aJarWithoutProvidersIsRefused() throws Exception {
        Path jar = PluginJar.build(tmp, "empty.jar", "demo.plugin.Nothing",
                "package demo.plugin; public class Nothing {}", false);
        Result r = SwarmnetProcess.run(tmp, "gateway", "--port", "0", "--plugin", jar.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.FAILED);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("lists no dev.swarmnet.SubroutineProvider");
    }
}
