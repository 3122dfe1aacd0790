package dev.swarmnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Gateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's two tutorials run, as one command each, and do what they say. */
class TutorialsTest {
    @TempDir
    Path tmp;

    @Test
    void tutorial1RunsAsOneCommand() throws Exception {
        String out = Examples.output(() -> Tutorial1.main(new String[0]));
        assertThat(out).contains("ping: Hello there..", "mount usage:", "downloading old logs",
                "downloaded 40 files", "0 failed", "40 files deleted on the gateway");
    }

    @Test
    void tutorial1MovesExactlyTheOldLogsAboveTheThreshold() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("vm/logs"));
        Tutorial1.generateLogs(logs, 12);
        Path backup = tmp.resolve("backup");
        try (Gateway gw = Tutorial1.startGateway(0, logs, 1_000_000)) {
            Tutorial1.Outcome below = Tutorial1.backup("127.0.0.1", gw.port(), logs.toString(), backup, 0.5f);
            assertThat(below.backedUp()).isFalse();
            assertThat(list(logs)).hasSize(13);

            Tutorial1.Outcome above = Tutorial1.backup("127.0.0.1", gw.port(), logs.toString(), backup, 0.001f);
            assertThat(above.backedUp()).isTrue();
            assertThat(above.report().succeeded()).isTrue();
            assertThat(above.deleted()).isEqualTo(12);
        }
        assertThat(list(logs)).containsExactly("app.log");
        assertThat(list(backup)).hasSize(12).contains("app.log.1", "app.log.12").doesNotContain("app.log");
        assertThat(Files.readString(backup.resolve("app.log.7"))).endsWith("rotation 7\n");
    }

    @Test
    void tutorial2RunsAsOneCommand() throws Exception {
        String out = Examples.output(() -> Tutorial2.main(new String[] {"--frames", "120"}));
        assertThat(out).containsPattern("camera: 1[2-9][0-9] frames of 64 KiB").contains("proximity:", "speed:", "battery:",
                "(the last one: stop)");
    }

    @Test
    void tutorial2ConsumesEveryFeedConcurrentlyAndStopsTheCar() throws Exception {
        try (Gateway gw = Tutorial2.startGateway(0)) {
            Tutorial2.Drive d = Tutorial2.drive("127.0.0.1", gw.port(), 60);
            // the stop ends the feeds; frames already in flight (the flow-control window) still arrive
            assertThat(d.frames()).isGreaterThanOrEqualTo(60);
            assertThat(d.frameBytes()).isEqualTo(d.frames() * Tutorial2.FRAME_BYTES);
            assertThat(java.util.Arrays.stream(d.readings()).boxed()).allMatch(n -> n > 0);
            assertThat(d.commands()).isGreaterThanOrEqualTo(3); // speed 1.0, a steer at frame 50, stop
        }
    }

    private static java.util.List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
