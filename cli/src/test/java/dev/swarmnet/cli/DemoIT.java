package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.cli.SwarmnetProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarmnet demo} through the real jar: it measures, exits 0, and leaves its temp folder empty. */
class DemoIT {
    @TempDir
    Path tmp;

    @Test
    void demoCompletesAndLeavesNothingBehind() throws Exception {
        Path temp = Files.createDirectories(tmp.resolve("java-tmp"));
        try (SwarmnetProcess demo = SwarmnetProcess.start(tmp, List.of("-Djava.io.tmpdir=" + temp), "demo",
                "--files", "500", "--large-mib", "2", "--calls", "500")) {
            Result r = demo.awaitExit();
            assertThat(r.code()).as("%s", r).isZero();
            assertThat(r.out()).contains("ping", "batch", "send", "stream", "swarm     4 connections downloaded 501 files",
                    "summary: RTT");
            assertThat(r.err()).isEmpty();
        }
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).isEmpty();
        }
    }
}
