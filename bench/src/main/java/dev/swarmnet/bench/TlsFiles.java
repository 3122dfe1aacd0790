package dev.swarmnet.bench;

import dev.swarmnet.Controller;
import dev.swarmnet.Gateway;

/**
 * The TLS side of {@link FileCompare}'s "tls" section: a second gateway over the same shared data,
 * speaking TLS 1.3 with a self-signed certificate ({@link BenchTls}), and a controller that pins it.
 * The plain rows use the harness's usual gateway, so both run in one JVM, on one data set, interleaved.
 */
final class TlsFiles implements AutoCloseable {
    private final Gateway gateway;
    private final Controller controller;

    private TlsFiles(Gateway gateway, Controller controller) {
        this.gateway = gateway;
        this.controller = controller;
    }

    static TlsFiles start(Dataset data) throws Exception {
        BenchTls tls = BenchTls.selfSigned();
        Gateway gateway = Gateway.builder().port(0).maxPoolSize(16).share(data.src)
                .downloadDir(data.root.resolve("uploads-tls")).tls(tls.server()).build();
        gateway.start(false);
        Controller controller = Controller.builder().gateway("127.0.0.1", gateway.port()).downloadDir(data.dest)
                .tls(tls.client()).build();
        return new TlsFiles(gateway, controller);
    }

    Controller controller() {
        return controller;
    }

    static String note() {
        return BenchTls.note() + "; file bodies go through the TLS socket (no sendfile), checked end to end"
                + " (CRC32C) as on plain TCP";
    }

    @Override
    public void close() {
        controller.close();
        gateway.close();
    }
}
