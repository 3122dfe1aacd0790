package dev.swarmnet.files;

import static dev.swarmnet.support.Waits.eventually;

import dev.swarmnet.Gateway;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A gateway in a JVM of its own, for faults that may kill the gateway's process (a crash must fail one test,
 * not take the whole test JVM with it). {@link #main} is the child: it shares {@code args[0]}, takes uploads
 * into {@code args[1]}, prints {@code PORT <n>} and runs until its stdin closes.
 */
final class ForkedGateway implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;

    private ForkedGateway(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a child JVM serving {@code share}; its output and any crash report go to {@code dir}. */
    static ForkedGateway start(Path share, Path downloadDir, Path dir) throws IOException {
        Files.createDirectories(dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = dir.resolve("gateway.out");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                "-cp", classpath, ForkedGateway.class.getName(), share.toString(), downloadDir.toString())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("gateway.err").toFile()).start();
        eventually().until(() -> !p.isAlive() || Files.readString(out).contains("PORT "));
        String text = Files.readString(out);
        if (!p.isAlive() || !text.contains("PORT ")) {
            throw new IllegalStateException("the forked gateway did not start: " + text
                    + Files.readString(dir.resolve("gateway.err")));
        }
        int port = Integer.parseInt(text.substring(text.indexOf("PORT ") + 5).trim().split("\\s")[0]);
        return new ForkedGateway(p, dir, port);
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code seconds} for the process to end (after a failure, so a dying JVM finishes dying). */
    void awaitExit(long seconds) throws InterruptedException {
        process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** Why the process is gone, for an assertion message: exit code and the head of a JVM crash report. */
    String obituary() throws IOException {
        StringBuilder s = new StringBuilder();
        if (process.isAlive()) {
            return "alive";
        }
        s.append("exit code ").append(process.exitValue());
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
        process.getOutputStream().close(); // the child's stdin: it closes its gateway and exits
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The child process. */
    public static void main(String[] args) throws Exception {
        Gateway gw = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).maxPoolSize(16)
                .share(Path.of(args[0])).downloadDir(Path.of(args[1])).build();
        gw.start(false);
        System.out.println("PORT " + gw.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our stdin, or dies
        }
        gw.close();
        System.exit(0);
    }
}
