package dev.swarmnet.security;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.RemoteException;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a gateway lets its clients do: remote shutdown, uploads; and shares stay read-only. */
class PermissionsTest {
    @TempDir
    Path tmp;

    private Gateway gw;
    private Controller controller;

    @AfterEach
    void closeEverything() {
        if (controller != null) {
            controller.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    private Client start(Consumer<Gateway.Builder> config) throws IOException {
        gw = TestGateway.startGateway(config);
        controller = Controller.builder().gateway(TestGateway.HOST, gw.port()).downloadDir(tmp.resolve("down")).build();
        return controller.getClient();
    }

    @Test
    void remoteShutdownIsRefusedByDefaultAndAllowedWhenAskedFor() throws IOException {
        Client refused = start(b -> { });
        assertThat(gw.allowsRemoteShutdown()).isFalse();
        assertThatThrownBy(refused::closeGateway).isInstanceOfSatisfying(RemoteException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(refused.ping("still running")).isEqualTo("still running");
        refused.close();
        controller.close();
        gw.close();

        Client client = start(b -> b.allowRemoteShutdown(true));
        assertThat(gw.allowsRemoteShutdown()).isTrue();
        client.closeGateway();
        eventually().until(() -> !gw.isRunning());
    }

    @Test
    void aForbiddenRemoteShutdownLeavesTheGatewayAndTheClientRunning() throws IOException {
        Client client = start(b -> b.allowRemoteShutdown(false));

        assertThatThrownBy(client::closeGateway).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.remoteMessage()).contains("does not allow remote shutdown");
        });
        assertThat(client.isOpen()).isTrue();
        assertThat(client.ping("still running")).isEqualTo("still running");
        assertThat(gw.isRunning()).isTrue();

        assertThatThrownBy(controller::closeGateway).isInstanceOfSatisfying(RemoteException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
        eventually().until(gw::activeHandlers, n -> n == 1); // the controller's short-lived client is gone
        assertThat(gw.isRunning()).isTrue();
        client.close();
    }

    @Test
    void forbiddenUploadsAreRefusedPerFileAndNothingIsWritten() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.writeString(share.resolve("shared.txt"), "downloads still work");
        Path a = Files.write(tmp.resolve("a.bin"), new byte[300_000]); // a large body
        Path b = Files.writeString(tmp.resolve("b.txt"), "small");
        Client client = start(g -> g.allowUploads(false).downloadDir(inbox).share(share));
        assertThat(gw.allowsUploads()).isFalse();

        TransferReport report = client.sendFilesToGateway("up", List.of(a, b));

        assertThat(report.files()).isZero();
        assertThat(report.failures()).hasSize(2)
                .allSatisfy(f -> assertThat(f.reason()).contains("FORBIDDEN").contains("does not accept uploads"));
        assertThat(filesUnder(inbox)).isEmpty();
        assertThat(client.ping("in step")).isEqualTo("in step");
        TransferReport down = client.getFilesFromGateway(FileQuery.files(share.resolve("shared.txt").toString()));
        assertThat(down.failures()).isEmpty();
        assertThat(Files.readString(tmp.resolve("down/shared.txt"))).isEqualTo("downloads still work");
    }

    @Test
    void aDownloadDirInsideAShareOrAroundOneIsRefused() throws IOException {
        Path share = Files.createDirectories(tmp.resolve("share"));
        assertThatThrownBy(() -> Gateway.builder().share(share).downloadDir(share.resolve("uploads")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lies inside the share");
        assertThatThrownBy(() -> Gateway.builder().share(share).downloadDir(share).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lies inside the share");
        assertThatThrownBy(() -> Gateway.builder().share(share).downloadDir(tmp).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lies inside the download dir");
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-share"), share);
        assertThatThrownBy(() -> Gateway.builder().share(share).downloadDir(link.resolve("in")).build())
                .isInstanceOf(IllegalArgumentException.class);
        try (Gateway ok = Gateway.builder().share(share).downloadDir(tmp.resolve("share-not")).build()) {
            assertThat(ok.downloadDir()).isEqualTo(tmp.resolve("share-not"));
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
