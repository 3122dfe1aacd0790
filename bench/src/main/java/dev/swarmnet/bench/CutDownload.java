package dev.swarmnet.bench;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferListener;
import dev.swarmnet.TransferReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A download cut at about half (its controller closed from the progress callback, as Ctrl-C closes it), then
 * the same download run again by a new controller, as the next run of the command does: the re-run is timed,
 * and the bytes it receives counted.
 */
final class CutDownload {
    /**
     * What the re-run did: its wall time, and the bytes sent twice (received by the cut run and again by the
     * re-run) as a share of the file.
     */
    record Outcome(double seconds, double resentShare, long kept) {
    }

    private CutDownload() {
    }

    static Outcome run(int port, Path dest, FileQuery query, long size, int connections) throws IOException {
        Controller first = controller(port, dest);
        AtomicBoolean cut = new AtomicBoolean();
        AtomicLong moved = new AtomicLong();
        TransferReport interrupted;
        try (first) {
            interrupted = download(first, query, connections, new TransferListener() {
                @Override
                public void bytesMoved(long count) {
                    if (moved.addAndGet(count) >= size / 2 && cut.compareAndSet(false, true)) {
                        first.close();
                    }
                }
            });
        }
        if (!cut.get() || interrupted.kept() == 0) {
            throw new IOException("the download was not cut with bytes kept: " + interrupted);
        }
        AtomicLong received = new AtomicLong();
        try (Controller second = controller(port, dest)) {
            long start = System.nanoTime();
            TransferReport report = download(second, query, connections, new TransferListener() {
                @Override
                public void bytesMoved(long count) {
                    received.addAndGet(count);
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!report.succeeded()) {
                throw new IOException("the re-run failed: " + report.failures().get(0));
            }
            return new Outcome(seconds, (moved.get() + received.get() - size) / (double) size, interrupted.kept());
        }
    }

    private static Controller controller(int port, Path dest) {
        return Controller.builder().gateway("127.0.0.1", port).downloadDir(dest).build();
    }

    private static TransferReport download(Controller c, FileQuery query, int connections, TransferListener listener)
            throws IOException {
        if (connections == 1) {
            try (Client client = c.getClient()) {
                return client.getFilesFromGateway(query, listener);
            }
        }
        try (Swarm swarm = c.swarm(connections)) {
            return swarm.getFilesFromGateway(query, listener);
        }
    }
}
