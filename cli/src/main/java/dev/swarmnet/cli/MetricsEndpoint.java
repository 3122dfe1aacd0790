package dev.swarmnet.cli;

import com.sun.net.httpserver.HttpServer;
import dev.swarmnet.micrometer.SwarmnetMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code swarmnet gateway --metrics ADDR:PORT}: the process's swarmnet meters, and the JVM's, in Prometheus' text
 * format at {@code http://ADDR:PORT/metrics}, on one thread of the JDK's own HTTP server. Only GET and HEAD of
 * {@code /metrics} are answered; the endpoint says nothing a client of the gateway could not count itself, but it
 * is bound to the address given (loopback unless said otherwise) like any other operator port.
 */
final class MetricsEndpoint implements AutoCloseable {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final SwarmnetMetrics metrics;
    private final JvmGcMetrics gc;

    private MetricsEndpoint(HttpServer server, SwarmnetMetrics metrics, JvmGcMetrics gc) {
        this.server = server;
        this.metrics = metrics;
        this.gc = gc;
    }

    /** Starts serving on {@code address}; port 0 picks a free one. */
    static MetricsEndpoint start(InetSocketAddress address) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SwarmnetMetrics metrics = new SwarmnetMetrics();
        metrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                exchange.sendResponseHeaders(200, "HEAD".equals(method) ? -1 : body.length);
                if (!"HEAD".equals(method)) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
        return new MetricsEndpoint(server, metrics, gc);
    }

    /** The port it listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        metrics.close();
        gc.close();
    }
}
