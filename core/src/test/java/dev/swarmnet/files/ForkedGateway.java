package dev.swarmnet.files;


import dev.swarmnet.Gateway;
import dev.swarmnet.support.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A gateway in a JVM of its own, for faults that may kill the gateway's process (a crash must fail one test,
 * not take the whole test JVM with it). {@link #main} is the child: it shares {@code args[0]}, takes uploads
 * into {@code args[1]}, prints {@code PORT <n>} and runs until its stdin closes.
 */
final class ForkedGateway implements AutoCloseable {
    private final ChildJvm child;
    private final Path dir;
    private final int port;

    private ForkedGateway(ChildJvm child, Path dir, int port) {
        this.child = child;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a child JVM serving {@code share}; a JVM crash report goes to {@code dir}. */
    static ForkedGateway start(Path share, Path downloadDir, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        ChildJvm child = ChildJvm.start(List.of("-Xmx256m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log")),
                ForkedGateway.class, share.toString(), downloadDir.toString());
        return new ForkedGateway(child, dir, child.awaitPort());
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return child.isAlive();
    }

    /** Waits up to {@code seconds} for the process to end (after a failure, so a dying JVM finishes dying). */
    void awaitExit(long seconds) throws InterruptedException {
        child.awaitExit(seconds);
    }

    /** Why the process is gone, for an assertion message: exit code and the head of a JVM crash report. */
    String obituary() throws IOException {
        StringBuilder s = new StringBuilder();
        if (child.isAlive()) {
            return "alive";
        }
        s.append("exit code ").append(child.exitValue());
        try (Stream<Path> files = Files.list(dir)) {
            Optional<Path> crash = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).findFirst();
            if (crash.isPresent()) {
                List<String> lines = Files.readAllLines(crash.get(), StandardCharsets.ISO_8859_1);
                s.append("; JVM crash report ").append(crash.get()).append(":\n");
                lines.stream().filter(l -> l.startsWith("# ") || l.startsWith("j  ") || l.startsWith("v  ")
                        || l.startsWith("J ")).limit(24).forEach(l -> s.append("  ").append(l).append('\n'));
            }
        }
        return s.toString();
    }

    @Override
    public void close() throws Exception {
        child.close(); // closes the child's stdin: it closes its gateway and exits
    }

    /** The child process. */
    public static void main(String[] args) throws Exception {
        Gateway gw = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).maxPoolSize(16)
                .share(Path.of(args[0])).downloadDir(Path.of(args[1])).build();
        gw.start(false);
        System.out.println("PORT " + gw.port());
        System.out.flush();
        ChildJvm.awaitParentClose();
        gw.close();
        System.exit(0);
    }
}
