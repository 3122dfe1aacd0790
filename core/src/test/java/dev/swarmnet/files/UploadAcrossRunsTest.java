package dev.swarmnet.files;

import static dev.swarmnet.support.TreeBuilder.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Controller;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A striped upload cut short (its controller closed, as Ctrl-C does) is continued by a later run — a new
 * controller given the same resume key file — from the stripes the gateway kept; without the key file it starts
 * over.
 */
class UploadAcrossRunsTest {
    private static final long STRIPE = 2L * MIB;
    private static final long SIZE = 32L * MIB + 999;
    private static final long CUT_AT = 12L * MIB;

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path file;
    private Path inbox;
    private Path keyFile;

    @BeforeEach
    void setUp() throws Exception {
        inbox = fs.inbox();
        file = fs.path("source/model.bin");
        fs.writeLarge(file, SIZE, 5);
        keyFile = fs.path("state/swarmnet/resume-key");
    }

    @Test
    void theNextRunWithTheSameKeySendsOnlyWhatTheGatewayDidNotKeep() throws Exception {
        TransferReport cut = uploadCutAt(CUT_AT, keyFile);
        assertThat(cut.failures()).hasSize(1);
        assertThat(cut.kept()).as("acknowledged stripes stay on the gateway").isGreaterThanOrEqualTo(STRIPE);
        assertThat(inbox.resolve("model.bin")).doesNotExist();

        FileFixture.Recorder again = new FileFixture.Recorder();
        TransferReport resumed = upload(keyFile, again);
        assertThat(resumed.failures()).isEmpty();
        assertThat(resumed.files()).isEqualTo(1);
        assertThat(resumed.resumed()).isGreaterThanOrEqualTo(cut.kept());
        assertThat(again.bytesMoved.get()).isEqualTo(SIZE - resumed.resumed());
        assertThat(inbox.resolve("model.bin")).hasSameBinaryContentAs(file);
        assertThat(FileFixture.sortedFiles(inbox)).hasSize(1);
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void withoutAKeyFileTheNextRunStartsOver() throws Exception {
        uploadCutAt(CUT_AT, null);
        FileFixture.Recorder again = new FileFixture.Recorder();
        TransferReport fresh = upload(null, again);
        assertThat(fresh.failures()).isEmpty();
        assertThat(fresh.resumed()).isZero();
        assertThat(again.bytesMoved.get()).isEqualTo(SIZE);
        assertThat(inbox.resolve("model.bin")).hasSameBinaryContentAs(file);
    }

    @Test
    void aFileDeletedOnTheGatewayAfterItsUploadIsSentAgainWhole() throws Exception {
        assertThat(upload(keyFile, new FileFixture.Recorder()).files()).isEqualTo(1);
        Files.delete(inbox.resolve("model.bin"));
        FileFixture.Recorder again = new FileFixture.Recorder();
        TransferReport second = upload(keyFile, again);
        assertThat(second.failures()).isEmpty();
        assertThat(second.files()).isEqualTo(1);
        assertThat(second.resumed()).isZero();
        assertThat(again.bytesMoved.get()).isEqualTo(SIZE);
        assertThat(inbox.resolve("model.bin")).hasSameBinaryContentAs(file);
    }

    @Test
    void aKeyFileThatHoldsNoKeyIsRefusedWhenTheControllerIsBuilt() throws Exception {
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, "not a key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Controller.builder().gateway("127.0.0.1", 1)
                        .resumeKeyFile(keyFile).build())
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("does not hold a resume key");
    }

    private TransferReport uploadCutAt(long cutAt, Path key) throws Exception {
        Controller c = controller(key);
        AtomicBoolean cut = new AtomicBoolean();
        FileFixture.Recorder cutter = new FileFixture.Recorder() {
            @Override
            void onBytes(long total) {
                if (total >= cutAt && cut.compareAndSet(false, true)) {
                    c.close();
                }
            }
        };
        try (Swarm swarm = c.swarm(2)) {
            TransferReport report = swarm.stripeSize(STRIPE).sendFilesToGateway("", List.of(file), cutter);
            assertThat(cut).as("the upload was cut").isTrue();
            return report;
        }
    }

    private TransferReport upload(Path key, FileFixture.Recorder listener) throws Exception {
        try (Swarm swarm = controller(key).swarm(2)) {
            return swarm.stripeSize(STRIPE).sendFilesToGateway("", List.of(file), listener);
        }
    }

    private Controller controller(Path key) {
        return fs.controller(b -> b.resumeKeyFile(key));
    }
}
