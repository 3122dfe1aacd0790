package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.ProgressLog;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.TimeUnit;

/** Stopping a gateway: no new connections, then every handler ended and waited for. */
public final class HandlerShutdown {
    private static final long WAIT_SECONDS = 5;

    private HandlerShutdown() {
    }

    public static void stop(ServerSocketChannel server, Thread acceptor, HandlerPool pool, ProgressLog log) {
        try {
            server.close();
        } catch (IOException e) {
            log.logger().warn("closing the listening socket failed: {}", e.toString());
        }
        try {
            if (acceptor != Thread.currentThread()) {
                acceptor.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            }
            for (Handler h : pool.snapshot()) {
                h.shutdown();
            }
            for (Handler h : pool.snapshot()) {
                if (!h.awaitExit(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    log.logger().warn("{} did not end within {} s", h, WAIT_SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
