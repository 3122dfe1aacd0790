package dev.swarmnet.hostile;

import static dev.swarmnet.support.Waits.eventually;

import dev.swarmnet.Gateway;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A gateway with the default maximum frame size (16 MiB) in a JVM of its own with a heap of {@link #HEAP}: a
 * gateway that allocated what a length prefix claims before checking it would die of OutOfMemoryError here,
 * where the test JVM's large heap would hide it. {@link #main} is the child: it prints {@code PORT <n>} and
 * serves until its stdin closes.
 */
final class SmallHeapGateway implements AutoCloseable {
    static final String HEAP = "-Xmx24m";
    static final int POOL = 8;

    private final Process process;
    private final int port;

    private SmallHeapGateway(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static SmallHeapGateway start(Path dir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = dir.resolve("gateway.out");
        Process p = new ProcessBuilder(java, HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", classpath,
                SmallHeapGateway.class.getName())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("gateway.err").toFile()).start();
        eventually().until(() -> !p.isAlive() || Files.readString(out).contains("PORT "));
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (!p.isAlive() || !text.contains("PORT ")) {
            throw new IllegalStateException("the small-heap gateway did not start: " + text
                    + Files.readString(dir.resolve("gateway.err")));
        }
        return new SmallHeapGateway(p, Integer.parseInt(text.substring(text.indexOf("PORT ") + 5).trim().split("\\s")[0]));
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The child process. */
    public static void main(String[] args) throws Exception {
        Gateway gw = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).maxPoolSize(POOL).build();
        TestGateway.registerCommon(gw);
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
