package dev.swarmnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Argument validation and settings, without any traffic. */
class TcpProxyBuilderTest {

    @Test
    void targetIsRequiredAndValidated() {
        assertThatThrownBy(() -> TcpProxy.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("target");
        assertThatThrownBy(() -> TcpProxy.builder().target(null, 80))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> TcpProxy.builder().target(" ", 80))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> TcpProxy.builder().target("127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("0");
        assertThatThrownBy(() -> TcpProxy.builder().target("127.0.0.1", 65536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
    }

    @Test
    void shapingIsValidated() {
        assertThatThrownBy(() -> TcpProxy.builder().latency(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("latency");
        assertThatThrownBy(() -> TcpProxy.builder().latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
        assertThatThrownBy(() -> TcpProxy.builder().latency(Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
        assertThatThrownBy(() -> TcpProxy.builder().bandwidth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bandwidth");
        assertThatThrownBy(() -> TcpProxy.builder().connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
    }

    @Test
    void settingsAreKeptAndChangeableAtRunTime() throws Exception {
        try (TcpProxy proxy = TcpProxy.builder().target("127.0.0.1", 9)
                .latency(Duration.ofMillis(10)).bandwidth(20_000_000).build()) {
            assertThat(proxy.port()).isBetween(1, 65535);
            assertThat(proxy.target().getPort()).isEqualTo(9);
            assertThat(proxy.latency()).isEqualTo(Duration.ofMillis(10));
            assertThat(proxy.bandwidth()).isEqualTo(20_000_000);

            proxy.setLatency(Duration.ZERO);
            proxy.setBandwidth(TcpProxy.UNLIMITED);

            assertThat(proxy.latency()).isZero();
            assertThat(proxy.bandwidth()).isEqualTo(TcpProxy.UNLIMITED);
            assertThat(proxy.connections()).isEmpty();
            assertThat(proxy.bytesForwarded(Direction.UPSTREAM)).isZero();
            assertThatThrownBy(() -> proxy.setBandwidth(-5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> proxy.setLatency(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> proxy.cutAfterBytes(null, 1)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> proxy.corruptNextByte(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> proxy.bytesForwarded(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
