package dev.swarmnet.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.RemoteException;
import dev.swarmnet.TransferReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths at the protocol's limits (4,096 bytes; 512 names) are answered, and the connection stays usable: each
 * folder is reached relative to the one before, so the work grows with the depth, not with its square or cube.
 * The timeout only catches a hang: these take well under a second.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeepPathTest {
    /** "a/a/.../a": 512 one-letter folders, the most names a path may have. */
    private static final String DEEPEST = "a/".repeat(511) + "a";
    /** A folder name of 9 letters: 410 of them (with '/') fill PATH_MAX within the limit on names. */
    private static final String NAME = "abcdefghi/";

    @TempDir
    Path tmp;

    private FileFixture fx;
    private Controller controller;

    @BeforeEach
    void setUp() throws Exception {
        fx = new FileFixture(tmp);
        fx.write(fx.data(), "x.txt", 100);
        Gateway gw = fx.gateway(b -> b.share(fx.share()));
        controller = fx.controller(gw, fx.down());
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
        // JUnit's own clean-up resolves the real path of every folder, which on 2,000 nested ones takes minutes;
        // rm walks them relative to each other.
        Path inbox = tmp.resolve("gateway-inbox");
        if (Files.exists(inbox) && inbox.startsWith(tmp)) {
            Process rm = new ProcessBuilder("rm", "-rf", "--", inbox.toString()).inheritIO().start();
            assertThat(rm.waitFor()).as("rm -rf of the test's inbox").isZero();
        }
    }

    /**
     * A tree deeper than a path field can name (the walk reaches each folder relative to the one above it, so
     * the gateway finds the file): the file is listed as skipped with the reason, and the rest of the listing
     * goes on.
     */
    @Test
    void aFileWhosePathNoPathFieldCanHoldIsReportedAsSkipped() throws Exception {
        String name = "b".repeat(250);
        // 20 x 251 bytes: beyond 4,096, and beyond PATH_MAX from the share, so made one chdir at a time (a shell's
        // cd keeps the whole path, and Java has no chdir).
        String script = "for (1..20) { mkdir $ARGV[0] or die $!; chdir $ARGV[0] or die $! }"
                + " open(my $f, '>', 'f.txt') or die $!; print $f 'deep'; close($f)";
        Path base = Files.createDirectories(fx.data().resolve("long"));
        Process mk = new ProcessBuilder("perl", "-e", script, name).directory(base.toFile()).inheritIO().start();
        assertThat(mk.waitFor()).as("making the deep tree").isZero();
        try (Client client = controller.getClient()) {
            TransferReport report = client.getFilesFromGateway(FileQuery.folder("data").regex("(long/.*)?f\\.txt|x\\.txt")
                    .recursive(true));
            assertThat(report.files()).as("x.txt").isEqualTo(1);
            assertThat(report.skipped()).singleElement().satisfies(s -> {
                assertThat(s.reason()).isEqualTo("a path longer than 4096 bytes");
                assertThat(s.path()).startsWith("long/" + name + "/").endsWith("…");
            });
        } finally {
            Process rm = new ProcessBuilder("rm", "-rf", "--", base.toString()).inheritIO().start();
            assertThat(rm.waitFor()).as("rm -rf of the deep tree").isZero();
        }
    }

    @Test
    void anUploadAtTheLongestPathIsStoredAndOneByteMoreIsRefusedWithNothingMade() throws Exception {
        Path local = fx.write(tmp.resolve("local"), "f", 10);
        // The longest path the gateway can hold: its inbox's path, a '/', this path and a temporary's 32 bytes
        // more must stay under PATH_MAX (4,096 bytes with the terminating NUL).
        Path inbox = Files.createDirectories(tmp.resolve("gateway-inbox")).toRealPath();
        int room = 4096 - 1 - inbox.toString().length() - 1 - 32 - "/f".length();
        String longest = NAME.repeat(room / NAME.length()) + "x".repeat(room % NAME.length());
        if (longest.endsWith("/")) {
            longest = longest.substring(0, longest.length() - 1) + "x";
        }
        assertThat(longest).hasSize(room);
        try (Client client = controller.getClient()) {
            TransferReport stored = client.sendFilesToGateway(longest, List.of(local));
            assertThat(stored.failures()).isEmpty();
            assertThat(Files.size(inbox.resolve(longest).resolve("f"))).isEqualTo(10);

            TransferReport tooLong = client.sendFilesToGateway("c/" + longest, List.of(local));
            assertThat(tooLong.failures()).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains(ErrorCode.FORBIDDEN.name()).contains("PATH_MAX")
                            .doesNotContain(inbox.toString()));
            assertThat(inbox.resolve("c")).as("no folder made for a refused path").doesNotExist();
            TransferReport overProtocol = client.sendFilesToGateway(NAME.repeat(409) + "abcde",
                    List.of(local));
            assertThat(overProtocol.failures()).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains(ErrorCode.FORBIDDEN.name()).contains("4096"));
            TransferReport deepest = client.sendFilesToGateway(DEEPEST.substring(2), List.of(local));
            assertThat(deepest.failures()).isEmpty();
            assertThat(Files.size(inbox.resolve(DEEPEST.substring(2)).resolve("f"))).isEqualTo(10);
            TransferReport tooDeep = client.sendFilesToGateway(DEEPEST, List.of(local));
            assertThat(tooDeep.failures()).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains(ErrorCode.FORBIDDEN.name()).contains("512"));
            assertThat(client.ping("after")).isEqualTo("after");
        }
    }

    @Test
    void aDownloadOfTheLongestPathIsAnsweredNotFound() throws Exception {
        try (Client client = controller.getClient()) {
            assertThatThrownBy(() -> client.getFilesFromGateway(FileQuery.files("data/" + DEEPEST.substring(6) + "/f")))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> client.getFilesFromGateway(FileQuery.folder(DEEPEST).recursive(true)))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> client.getFilesFromGateway(FileQuery.files("data/" + DEEPEST + "/f")))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
            assertThat(client.getFilesFromGateway(FileQuery.files("data/x.txt")).files()).isEqualTo(1);
        }
        assertThat(Files.readAllBytes(fx.down().resolve("data/x.txt"))).hasSize(100);
    }
}
