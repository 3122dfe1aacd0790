package dev.swarmnet.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;

/** The options both ends put on their sockets, read back from a real loopback connection. */
class SocketTuningTest {

    @Test
    void bothEndsGetNoDelayAndTunedKeepalive() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept()) {
            for (SocketChannel end : new SocketChannel[] {client, accepted}) {
                SocketTuning.apply(end);
                assertThat(end.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
                assertThat(end.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
                boolean tunable = end.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE);
                if (OS.LINUX.isCurrentOs() || OS.MAC.isCurrentOs()) {
                    // The JDK has the tuning options on these systems: without them a dead peer would go
                    // unnoticed for the system's two hours, so their absence is a failure, not a reason to skip.
                    assertThat(tunable).as("TCP_KEEPIDLE supported on %s", OS.current()).isTrue();
                }
                if (tunable) {
                    assertThat(end.getOption(ExtendedSocketOptions.TCP_KEEPIDLE))
                            .isEqualTo(SocketTuning.KEEPALIVE_IDLE_SECONDS);
                    assertThat(end.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL))
                            .isEqualTo(SocketTuning.KEEPALIVE_INTERVAL_SECONDS);
                    assertThat(end.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT))
                            .isEqualTo(SocketTuning.KEEPALIVE_PROBES);
                }
                // Elsewhere the system's keepalive defaults apply: apply() above must still succeed.
            }
        }
    }
}
