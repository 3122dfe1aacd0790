package dev.swarmnet.files;

import dev.swarmnet.support.FileTrees;
import static dev.swarmnet.files.FileFixture.MIB;
import static dev.swarmnet.support.FileTrees.digests;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TransferListener: the plan's totals once, fileStarted and fileFinished exactly once per file (even when
 * a file is striped over several connections), started before finished, and bytesMoved summing to the
 * total. The recorder is thread-safe, so a swarm calling it from four threads at once is counted right.
 */
class TransferListenerTest {
    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path data;
    private Path down;
    private Controller controller;
    /** Destination path (relative, '/'-separated) to size. */
    private final Map<String, Long> sizes = new TreeMap<>();

    @BeforeEach
    void setUp() throws Exception {
        data = fs.data();
        List<Path> files = new ArrayList<>(fs.manyFiles(data.resolve("small"), "f", 300, 8 * 1024));
        files.add(fs.write(data, "big.bin", 5 * MIB + 3));
        files.add(fs.write(data, "empty.bin", 0));
        for (Path f : files) {
            sizes.put(FileTrees.relative(data, f), Files.size(f));
        }
        down = fs.down();
        controller = fs.controller();
    }

    @Test
    void aSwarmDownloadReportsEveryFileOnceAndEveryByte() throws Exception {
        FileFixture.Recorder r = new FileFixture.Recorder();
        TransferReport report;
        try (Swarm swarm = controller.swarm(4)) {
            report = swarm.stripeSize(MIB).getFilesFromGateway(FileQuery.folder("data").recursive(true), r);
        }
        assertThat(report.failures()).isEmpty();
        assertThat(digests(down)).isEqualTo(digests(data));
        assertListenerSaw(r, sizes);
    }

    @Test
    void aSingleClientDownloadReportsEveryFileOnceAndEveryByte() throws Exception {
        FileFixture.Recorder r = new FileFixture.Recorder();
        try (Client client = controller.getClient()) {
            TransferReport report = client.getFilesFromGateway(FileQuery.folder("data").recursive(true), r);
            assertThat(report.failures()).isEmpty();
        }
        assertListenerSaw(r, sizes);
        assertThat(r.threads).as("a single client reports on the caller's thread")
                .containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aSwarmUploadReportsEveryFileOnceAndEveryByte() throws Exception {
        List<Path> files = new ArrayList<>();
        Map<String, Long> byName = new TreeMap<>();
        for (Map.Entry<String, Long> e : sizes.entrySet()) {
            Path f = data.resolve(e.getKey());
            files.add(f);
            byName.put(f.getFileName().toString(), e.getValue());
        }
        FileFixture.Recorder r = new FileFixture.Recorder();
        try (Swarm swarm = controller.swarm(4)) {
            TransferReport report = swarm.sendFilesToGateway("up", files, r);
            assertThat(report.failures()).isEmpty();
        }
        assertListenerSaw(r, byName);
    }

    private void assertListenerSaw(FileFixture.Recorder r, Map<String, Long> expected) {
        long expectedBytes = expected.values().stream().mapToLong(Long::longValue).sum();
        assertThat(r.plannedCalls).as("transferPlanned calls").hasValue(1);
        assertThat(r.plannedFiles).as("planned files").hasValue(expected.size());
        assertThat(r.plannedBytes).as("planned bytes").hasValue(expectedBytes);
        assertThat(r.started.keySet()).as("files started").isEqualTo(expected.keySet());
        assertThat(r.finished.keySet()).as("files finished").isEqualTo(expected.keySet());
        assertThat(r.started.values()).as("fileStarted once per file").allMatch(n -> n.get() == 1);
        assertThat(r.finished.values()).as("fileFinished once per file").allMatch(n -> n.get() == 1);
        assertThat(r.startedSizes).as("sizes announced by fileStarted").isEqualTo(expected);
        assertThat(r.finishedOk).hasValue(expected.size());
        assertThat(r.finishedFailed).hasValue(0);
        assertThat(r.bytesMoved).as("sum of bytesMoved").hasValue(expectedBytes);

        List<String> events = new ArrayList<>(r.events);
        Map<String, AtomicInteger> seen = new TreeMap<>();
        for (String event : events) {
            if (event.startsWith("finished ")) {
                String path = event.substring("finished ".length(), event.lastIndexOf(' '));
                assertThat(events.indexOf("started " + path)).as("%s started before it finished", path)
                        .isBetween(0, events.indexOf(event));
                seen.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            }
        }
        assertThat(seen).hasSize(expected.size());
    }
}
