package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The demo in this JVM: it measures every kind of call and leaves no folder and no thread behind. */
class DemoCommandTest {
    @Test
    void demoEndsItsThreadsAndRemovesItsFolder() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = demoFolders(tmp);
        InProcess.Run demo = InProcess.swarmnet("demo", "--files", "100", "--large-mib", "1", "--calls", "200",
                "--connections", "3");
        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("mount_usage(123) =", "set_io(3 bytes, pin 2, mode=fast) = 6",
                "swarm     3 connections downloaded 101 files", "summary: RTT");
        assertThat(demoFolders(tmp)).isEqualTo(before);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("swarmnet-")) {
                t.join(30_000); // a closing handler may still be unwinding; it must end, not linger
                assertThat(t.isAlive()).as("thread %s still alive", t.getName()).isFalse();
            }
        }
    }

    private static List<Path> demoFolders(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("swarmnet-demo-")).sorted().toList();
        }
    }
}
