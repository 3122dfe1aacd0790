package dev.swarmnet.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs around every test class (registered through META-INF/services, with extension autodetection on):
 * when the class is done, no swarmnet thread may be left running and the process may hold no more file
 * descriptors than before it, give or take a few the JVM opens lazily. A gateway, client or transfer that
 * forgets to end a thread or close a socket fails the class that leaked it.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
    /** Descriptors the JVM and JUnit may open once and keep (jar files, /dev/urandom, report files). */
    private static final long FD_SLACK = 16;
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        context.getStore(NS).put("fds", openFiles());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Long before = context.getStore(NS).get("fds", Long.class);
        try {
            Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                    .until(() -> swarmnetThreads().isEmpty() && (before == null || before < 0
                            || openFiles() <= before + FD_SLACK));
        } catch (ConditionTimeoutException e) {
            assertThat(swarmnetThreads()).as("swarmnet threads still running after " + context.getDisplayName())
                    .isEmpty();
            assertThat(openFiles()).as("open file descriptors after " + context.getDisplayName()
                    + " (before it: " + before + ")").isLessThanOrEqualTo(before + FD_SLACK);
        }
    }

    /** Live threads of this library, by name. */
    public static List<String> swarmnetThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("swarmnet-"))
                .sorted()
                .toList();
    }

    /** Open file descriptors of this process, -1 where /proc/self/fd does not exist. */
    public static long openFiles() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> list = Files.list(fds)) {
            return list.count();
        }
    }
}
