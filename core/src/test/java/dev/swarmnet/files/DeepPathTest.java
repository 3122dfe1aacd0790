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
 * Paths at the protocol's limit (4,096 bytes: 2,047 one-letter folders and a name) are answered, and the
 * connection stays usable: each folder is reached relative to the one before, so the work grows with the
 * depth, not with its square or cube. The timeout only catches a hang: these take well under a second.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeepPathTest {
    /** "a/a/.../a": 2,047 folders, 4,093 bytes; with "/f" the path is 4,095 bytes, just under the limit. */
    private static final String DEEP = "a/".repeat(2046) + "a";

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

    @Test
    void anUploadAtTheLongestPathIsStoredAndOneByteMoreIsRefusedWithNothingMade() throws Exception {
        Path local = fx.write(tmp.resolve("local"), "f", 10);
        // The longest path the gateway can hold: its inbox's path, a '/', this path and a temporary's 32 bytes
        // more must stay under PATH_MAX (4,096 bytes with the terminating NUL).
        Path inbox = Files.createDirectories(tmp.resolve("gateway-inbox")).toRealPath();
        int room = 4096 - 1 - inbox.toString().length() - 1 - 32 - "/f".length();
        String longest = room % 2 == 1 ? "a/".repeat((room - 1) / 2) + "a" : "a/".repeat((room - 2) / 2) + "bb";
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
            TransferReport overProtocol = client.sendFilesToGateway(DEEP + "/a", List.of(local));
            assertThat(overProtocol.failures()).singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains(ErrorCode.FORBIDDEN.name()).contains("4096"));
            assertThat(client.ping("after")).isEqualTo("after");
        }
    }

    @Test
    void aDownloadOfTheLongestPathIsAnsweredNotFound() throws Exception {
        try (Client client = controller.getClient()) {
            assertThatThrownBy(() -> client.getFilesFromGateway(FileQuery.files("data/" + DEEP.substring(5) + "/f")))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> client.getFilesFromGateway(FileQuery.folder(DEEP).recursive(true)))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(client.getFilesFromGateway(FileQuery.files("data/x.txt")).files()).isEqualTo(1);
        }
        assertThat(Files.readAllBytes(fx.down().resolve("x.txt"))).hasSize(100);
    }
}
