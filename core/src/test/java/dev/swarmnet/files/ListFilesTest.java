package dev.swarmnet.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileQuery;
import dev.swarmnet.ListedFile;
import dev.swarmnet.RemoteException;
import dev.swarmnet.support.FileGateway;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A listing alone: what a query selects, with sizes and times, nothing fetched, the connection still usable. */
class ListFilesTest {
    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    @BeforeEach
    void setUp() {
        fs.write(fs.data(), "a.txt", 10);
        fs.write(fs.data().resolve("sub"), "b.log", 20);
        fs.write(fs.data().resolve("build"), "c.txt", 30);
    }

    @Test
    void listsWhatAQuerySelectsAndFetchesNothing() throws Exception {
        try (Client client = fs.client()) {
            List<ListedFile> all = client.listFiles(FileQuery.folder("data").recursive(true));
            assertThat(all).extracting(ListedFile::path).containsExactly("a.txt", "build/c.txt", "sub/b.log");
            assertThat(all.get(2).size()).isEqualTo(20);
            assertThat(all.get(2).modified()).isEqualTo(Files.getLastModifiedTime(fs.data().resolve("sub/b.log"))
                    .toInstant());
            assertThat(client.listFiles(FileQuery.folder("data").recursive(true).exclude("build/")))
                    .extracting(ListedFile::path).containsExactly("a.txt", "sub/b.log");
            assertThatThrownBy(() -> client.listFiles(FileQuery.folder("nowhere")))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(client.ping("still usable")).isEqualTo("still usable");
        }
        assertThat(fs.down()).doesNotExist();
    }
}
