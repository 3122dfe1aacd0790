package dev.swarmnet.files;

import static dev.swarmnet.support.FileTrees.sha256;
import static dev.swarmnet.support.FileTrees.temporaries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.TransferListener;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway serves a listed file from what its listing walk found (no second look-up per file), so these
 * swap a listed file between the listing and its FILE_GET (from the client's filesListed, which runs
 * when the listing's part arrived and before any of its files is asked for): a link put in its place is not read through,
 * a folder put there fails only that file, and a file rewritten meanwhile is not delivered as the listing
 * described it. The other files arrive, no temporary is left, and the connection keeps working.
 */
class SwappedAfterListingTest {
    private static final String VICTIM = "b.txt";

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path data;
    private Path down;
    private Path secret;
    private Controller controller;

    @BeforeEach
    void setUp() throws Exception {
        data = fs.data();
        down = fs.down();
        fs.write(data, "a.txt", 3000);
        fs.write(data, VICTIM, 3000);
        fs.write(data, "c.txt", 3000);
        secret = fs.write(fs.path("outside"), "secret.txt", 3000);
        controller = fs.controller();
    }

    @Test
    void aLinkPutInPlaceOfAListedFileIsNotFollowed() throws Exception {
        TransferReport report = downloadSwapping(victim -> {
            Files.delete(victim);
            Files.createSymbolicLink(victim, secret);
        });
        assertOnlyVictimFailed(report);
        assertThat(down.resolve(VICTIM)).doesNotExist();
    }

    @Test
    void aFolderPutInPlaceOfAListedFileFailsOnlyThatFile() throws Exception {
        TransferReport report = downloadSwapping(victim -> {
            Files.delete(victim);
            Files.createDirectory(victim);
        });
        assertOnlyVictimFailed(report);
        assertThat(down.resolve(VICTIM)).doesNotExist();
    }

    @Test
    void aListedFileRewrittenBeforeItIsAskedForIsNotPassedOffAsTheListedOne() throws Exception {
        TransferReport report = downloadSwapping(victim -> {
            Files.write(victim, FileFixture.contents("rewritten", 5000));
            Files.setLastModifiedTime(victim, FileTime.fromMillis(Files.getLastModifiedTime(victim).toMillis() + 7_000));
        });
        assertOnlyVictimFailed(report);
        assertThat(report.failures().get(0).reason()).contains("changed");
    }

    @FunctionalInterface
    private interface Swap {
        void apply(Path victim) throws IOException;
    }

    /** One single-connection download of the folder, the victim swapped once the listing has arrived. */
    private TransferReport downloadSwapping(Swap swap) throws IOException {
        TransferListener swapper = new TransferListener() {
            @Override
            public void filesListed(int files, long bytes) {
                try {
                    swap.apply(data.resolve(VICTIM));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try (Client client = controller.getClient()) {
            TransferReport report = client.getFilesFromGateway(FileQuery.folder("data"), swapper);
            // The same connection still answers, and serves the untouched files again.
            assertThat(client.ping("still here")).isEqualTo("still here");
            assertThat(client.getFilesFromGateway(FileQuery.files("data/a.txt")).succeeded()).isTrue();
            assertThat(sha256(down.resolve("data/a.txt"))).as("a named file lands at its path in the share")
                    .isEqualTo(sha256(data.resolve("a.txt")));
            Files.delete(down.resolve("data/a.txt"));
            Files.delete(down.resolve("data"));
            return report;
        }
    }

    private void assertOnlyVictimFailed(TransferReport report) throws IOException {
        assertThat(report.failures()).extracting(FileFailure::path).containsExactly(VICTIM);
        assertThat(sha256(down.resolve("a.txt"))).isEqualTo(sha256(data.resolve("a.txt")));
        assertThat(sha256(down.resolve("c.txt"))).isEqualTo(sha256(data.resolve("c.txt")));
        assertThat(temporaries(down)).isEmpty();
    }
}
