package dev.swarmnet.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.RemoteException;
import dev.swarmnet.TransferReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real traffic between a gateway and a controller in this JVM, read back from the registry. */
class SwarmnetMetricsTest {
    @TempDir
    Path tmp;

    @Test
    void callsTransfersConnectionsAndThePoolShowInTheRegistry() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.write(share.resolve("a.bin"), new byte[1000]);
        Files.write(share.resolve("b.bin"), new byte[2000]);
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SwarmnetMetrics metrics = new SwarmnetMetrics();
                Gateway gw = Gateway.builder().port(0).maxPoolSize(3).share(share).build()) {
            metrics.bindTo(registry);
            gw.addSubroutine("echo", (BatchSubroutine) call -> call.arg(0, byte[].class));
            gw.start(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, "swarmnet.pool.size") == 3);

            try (Controller c = Controller.builder().gateway("127.0.0.1", gw.port()).downloadDir(tmp.resolve("in"))
                    .build();
                    Client client = c.getClient()) {
                for (int i = 0; i < 3; i++) {
                    client.getSubroutineBatch("echo", Args.of(new byte[100]));
                }
                assertThatThrownBy(() -> client.getSubroutineBatch("made-up-name", Args.none()))
                        .isInstanceOf(RemoteException.class);
                assertThat(gauge(registry, "swarmnet.pool.in.use")).isEqualTo(1);
                TransferReport report = client.getFilesFromGateway(FileQuery.folder("."));
                assertThat(report.files()).isEqualTo(2);

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(calls(registry, "gateway", "echo", "OK")).isEqualTo(3);
                    assertThat(calls(registry, "gateway", "(unknown)", "UNKNOWN_SUBROUTINE")).isEqualTo(1);
                });
                assertThat(calls(registry, "client", "echo", "OK")).isEqualTo(3);
                assertThat(registry.find("swarmnet.calls").tag("subroutine", "made-up-name").tag("side", "gateway")
                        .timers()).as("a name the gateway does not hold makes no meter of its own").isEmpty();
                assertThat(counter(registry.find("swarmnet.transfer.files").tag("side", "client")
                        .tag("direction", "download"))).isEqualTo(2);
                assertThat(counter(registry.find("swarmnet.transfer.bytes").tag("side", "client"))).isEqualTo(3000);
                assertThat(counter(registry.find("swarmnet.connections.opened").tag("side", "gateway"))).isEqualTo(1);
                assertThat(gauge(registry.find("swarmnet.connections.open").tag("side", "client"))).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(counter(registry.find("swarmnet.connections.closed").tag("side", "gateway"))).isEqualTo(1);
                assertThat(gauge(registry, "swarmnet.pool.in.use")).isZero();
            });
        }
        assertThat(registry.find("swarmnet.pool.size").gauges()).as("a closed gateway's pool gauges go").isEmpty();
    }

    @Test
    void aBinderTakesOneRegistry() {
        try (SwarmnetMetrics metrics = new SwarmnetMetrics()) {
            metrics.bindTo(new SimpleMeterRegistry());
            assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    private static long calls(MeterRegistry registry, String side, String subroutine, String outcome) {
        return registry.find("swarmnet.calls").tag("side", side).tag("subroutine", subroutine).tag("outcome", outcome)
                .timers().stream().mapToLong(t -> t.count()).sum();
    }

    private static double counter(Search search) {
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double gauge(Search search) {
        return search.gauges().stream().mapToDouble(g -> g.value()).sum();
    }

    private static double gauge(MeterRegistry registry, String name) {
        return gauge(registry.find(name));
    }
}
