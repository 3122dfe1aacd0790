package dev.swarmnet.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransferSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void downloadUploadAndSwarm() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share/logs"));
        Random random = new Random(1);
        for (int i = 0; i < 50; i++) {
            byte[] b = new byte[random.nextInt(10_000)];
            random.nextBytes(b);
            Files.write(share.resolve("f" + i + ".log"), b);
        }
        byte[] big = new byte[20 * 1024 * 1024 + 5];
        random.nextBytes(big);
        Files.write(share.resolve("big.bin"), big);

        try (Gateway gw = Gateway.builder().port(0).share(tmp.resolve("share")).downloadDir(tmp.resolve("up"))
                .maxPoolSize(10).build()) {
            gw.start(false);
            try (Controller c = Controller.builder().gateway("127.0.0.1", gw.port()).downloadDir(tmp.resolve("down"))
                    .build(); Client client = c.getClient()) {
                TransferReport r = client.getFilesFromGateway(FileQuery.folder("logs").regex(".+\\.log"));
                assertThat(r.failures()).isEmpty();
                assertThat(r.files()).isEqualTo(50);
                assertThat(Files.readAllBytes(tmp.resolve("down/f7.log"))).isEqualTo(Files.readAllBytes(share.resolve("f7.log")));

                TransferReport up = client.sendFilesToGateway("backup", List.of(share.resolve("f1.log"), share.resolve("big.bin")));
                assertThat(up.failures()).isEmpty();
                assertThat(Files.readAllBytes(tmp.resolve("up/backup/big.bin"))).isEqualTo(big);

                try (Swarm swarm = c.swarm(4)) {
                    TransferReport s = swarm.getFilesFromGateway(FileQuery.folder(share.toString()));
                    assertThat(s.failures()).isEmpty();
                    assertThat(s.files()).as("the one file not downloaded before").isEqualTo(1);
                    assertThat(s.unchanged()).as("the 50 logs already there").isEqualTo(50);
                    assertThat(Files.readAllBytes(tmp.resolve("down/big.bin"))).isEqualTo(big);
                }
            }
        }
    }
}
