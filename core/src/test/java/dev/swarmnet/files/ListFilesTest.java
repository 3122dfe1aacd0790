package dev.swarmnet.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.ListedFile;
import dev.swarmnet.RemoteException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listing alone: what a query selects, with sizes and times, nothing fetched, the connection still usable. */
class ListFilesTest {
    @TempDir
    Path tmp;

    private FileFixture fx;
    private Gateway gw;

    @BeforeEach
    void setUp() throws Exception {
        fx = new FileFixture(tmp);
        fx.write(fx.data(), "a.txt", 10);
        fx.write(fx.data().resolve("sub"), "b.log", 20);
        fx.write(fx.data().resolve("build"), "c.txt", 30);
        gw = fx.gateway(b -> b.share(fx.share()));
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void listsWhatAQuerySelectsAndFetchesNothing() throws Exception {
        try (Client client = fx.controller(gw, fx.down()).getClient()) {
            List<ListedFile> all = client.listFiles(FileQuery.folder("data").recursive(true));
            assertThat(all).extracting(ListedFile::path).containsExactly("a.txt", "build/c.txt", "sub/b.log");
            assertThat(all.get(2).size()).isEqualTo(20);
            assertThat(all.get(2).modified()).isEqualTo(Files.getLastModifiedTime(fx.data().resolve("sub/b.log"))
                    .toInstant());
            assertThat(client.listFiles(FileQuery.folder("data").recursive(true).exclude("build/")))
                    .extracting(ListedFile::path).containsExactly("a.txt", "sub/b.log");
            assertThatThrownBy(() -> client.listFiles(FileQuery.folder("nowhere")))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(client.ping("still usable")).isEqualTo("still usable");
        }
        assertThat(fx.down()).doesNotExist();
    }
}
