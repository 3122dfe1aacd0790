package dev.swarmnet.hostile;


import dev.swarmnet.Gateway;
import dev.swarmnet.support.ChildJvm;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * A gateway with the default maximum frame size (16 MiB) in a JVM of its own with a heap of {@link #HEAP}: a
 * gateway that allocated what a length prefix claims before checking it would die of OutOfMemoryError here,
 * where the test JVM's large heap would hide it. {@link #main} is the child: it prints {@code PORT <n>} and
 * serves until its stdin closes.
 */
final class SmallHeapGateway implements AutoCloseable {
    static final String HEAP = "-Xmx24m";
    static final int POOL = 8;

    private final ChildJvm child;
    private final int port;

    private SmallHeapGateway(ChildJvm child, int port) {
        this.child = child;
        this.port = port;
    }

    static SmallHeapGateway start() throws IOException, InterruptedException {
        ChildJvm child = ChildJvm.start(List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"), SmallHeapGateway.class);
        return new SmallHeapGateway(child, child.awaitPort());
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return child.isAlive();
    }

    @Override
    public void close() throws Exception {
        child.close();
    }

    /** The child process. */
    public static void main(String[] args) throws Exception {
        Gateway gw = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).maxPoolSize(POOL).build();
        TestGateway.registerCommon(gw);
        gw.start(false);
        System.out.println("PORT " + gw.port());
        System.out.flush();
        ChildJvm.awaitParentClose();
        gw.close();
        System.exit(0);
    }
}
