package dev.swarmnet.files;

import static dev.swarmnet.files.FileFixture.KIB;
import static dev.swarmnet.files.FileFixture.MIB;
import static dev.swarmnet.support.FileTrees.sha256;
import static dev.swarmnet.support.FileTrees.temporaries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A file modified while it is being sent is never delivered as a mix of two versions: it fails (listed in
 * the report) or arrives as exactly one complete version. The modification is made on the transfer's own
 * thread once the client has received part of the file, so it happens at a known point; the file is far
 * larger than all the socket buffers between the two ends, so the gateway is still sending it then. A file
 * that shrinks is in {@link TruncatedWhileSentTest} (with the gateway in a JVM of its own).
 */
class ChangingFileTest {
    /** Larger than the gateway's send buffer plus the client's receive buffer at their kernel maxima. */
    private static final long LIVE_SIZE = 48L * MIB;
    private static final String LIVE = "live.bin";

    @RegisterExtension
    final FileGateway fs = FileGateway.configured(b -> b.maxPoolSize(12));

    private Path data;
    private Path live;
    private Path down;
    private Controller controller;
    private String versionA;
    private final Map<String, String> others = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        data = fs.data();
        down = fs.down();
        // Sorted by name: one small file before the live one, one after.
        others.put("a-before.bin", sha256(fs.write(data, "a-before.bin", 100 * KIB)));
        live = data.resolve(LIVE);
        versionA = fs.writeLarge(live, LIVE_SIZE, 1);
        others.put("z-after.bin", sha256(fs.write(data, "z-after.bin", 100 * KIB)));
        controller = fs.controller();
    }

    @Test
    void overwrittenInPlaceDuringASingleConnectionDownload() throws Exception {
        Modifier m = new Modifier(() -> FileFixture.writeInPlace(live, LIVE_SIZE, 2));
        TransferReport report;
        try (Client client = controller.getClient()) {
            report = client.getFilesFromGateway(FileQuery.folder("data"), m);
        }
        assertOneCompleteVersionOrListed(report, m, versionA, m.versionB);
    }

    @Test
    void overwrittenInPlaceDuringAStripedSwarmDownload() throws Exception {
        Modifier m = new Modifier(() -> FileFixture.writeInPlace(live, LIVE_SIZE, 3));
        TransferReport report;
        try (Swarm swarm = controller.swarm(4)) {
            report = swarm.stripeSize(MIB).getFilesFromGateway(FileQuery.folder("data"), m);
        }
        assertOneCompleteVersionOrListed(report, m, versionA, m.versionB);
    }

    @Test
    void appendedToDuringASingleConnectionDownload() throws Exception {
        Modifier m = new Modifier(() -> {
            try (FileChannel out = FileChannel.open(live, StandardOpenOption.APPEND)) {
                out.write(java.nio.ByteBuffer.wrap(FileFixture.contents("appended", MIB)));
            }
            return sha256(live);
        });
        TransferReport report;
        try (Client client = controller.getClient()) {
            report = client.getFilesFromGateway(FileQuery.folder("data"), m);
        }
        assertOneCompleteVersionOrListed(report, m, versionA, m.versionB);
    }

    /** Changes the live file once, on the transfer's thread, when 2 MiB of it have arrived. */
    private static final class Modifier extends FileFixture.Recorder {
        private final ModifyAction action;
        private final AtomicBoolean done = new AtomicBoolean();
        volatile String versionB;

        Modifier(ModifyAction action) {
            this.action = action;
        }

        @Override
        void onBytes(long total) {
            if (total > 100 * KIB + 2 * MIB && done.compareAndSet(false, true)) {
                try {
                    versionB = action.modify();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @FunctionalInterface
    private interface ModifyAction {
        /** Modifies the file and returns the SHA-256 of its new content. */
        String modify() throws IOException;
    }

    private void assertOneCompleteVersionOrListed(TransferReport report, Modifier m, String... versions)
            throws IOException {
        assertThat(m.done).as("the file was modified while the transfer ran").isTrue();
        assertThat(temporaries(fs.root())).as("temporary files").isEmpty();
        Set<String> failed = report.failures().stream().map(FileFailure::path).collect(Collectors.toSet());
        assertThat(failed).as("only the modified file may fail: %s", report.failures()).isSubsetOf(LIVE);
        for (Map.Entry<String, String> e : others.entrySet()) {
            assertThat(sha256(down.resolve(e.getKey()))).as("unmodified %s", e.getKey()).isEqualTo(e.getValue());
        }
        if (failed.contains(LIVE)) {
            assertThat(Files.exists(down.resolve(LIVE))).as("a failed file is not kept under its real name").isFalse();
            assertThat(report.files()).isEqualTo(2);
        } else {
            assertThat(sha256(down.resolve(LIVE))).as("%s delivered as exactly one complete version", LIVE)
                    .isIn((Object[]) versions);
            assertThat(report.files()).isEqualTo(3);
        }
    }
}
