package dev.swarmnet.names;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.support.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that embeds the library in a JVM started with LC_ALL=POSIX maps file names through ASCII: the
 * library refuses file work at once, saying to use a UTF-8 locale, rather than change names. A gateway of
 * subroutines alone still starts (it has no names to get wrong).
 */
@EnabledOnOs(OS.LINUX)
class AsciiNamesJvmTest {
    @TempDir
    Path tmp;

    @Test
    void fileWorkIsRefusedAtStartAndSaysWhy() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.writeString(share.resolve("café.txt"), "x");
        try (ChildJvm child = ChildJvm.start(Map.of("LC_ALL", "POSIX"), List.of(), Child.class, share.toString(),
                tmp.resolve("uploads").toString())) {
            assertThat(child.awaitLine("ENCODING ")).isEqualTo("ENCODING ANSI_X3.4-1968");
            assertThat(child.awaitLine("SHARE ")).contains("NameEncodingException", "needs file names in UTF-8",
                    "ANSI_X3.4-1968", "LC_ALL=C.UTF-8");
            assertThat(child.awaitLine("UPLOADS ")).contains("NameEncodingException", "LC_ALL=C.UTF-8");
            assertThat(child.awaitLine("SUBROUTINES ")).isEqualTo("SUBROUTINES started");
            assertThat(child.awaitLine("DOWNLOAD ")).contains("NameEncodingException", "LC_ALL=C.UTF-8");
            assertThat(child.awaitLine("UPLOAD ")).contains("NameEncodingException", "LC_ALL=C.UTF-8");
        }
        assertThat(tmp.resolve("uploads")).doesNotExist();
    }

    /** The child: tries each kind of file work and prints what it was told. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Path share = Path.of(args[0]);
            Path uploads = Path.of(args[1]);
            System.out.println("ENCODING " + System.getProperty("sun.jnu.encoding"));
            System.out.println("SHARE " + outcome(() -> Gateway.builder().port(0).share(share).build().close()));
            System.out.println("UPLOADS " + outcome(() -> Gateway.builder().port(0).downloadDir(uploads).build().close()));
            try (Gateway gw = Gateway.builder().port(0).bindAddress(java.net.InetAddress.getLoopbackAddress())
                    .build()) {
                gw.start(false);
                System.out.println("SUBROUTINES started");
                try (Controller controller = Controller.builder().gateway("127.0.0.1", gw.port())
                        .downloadDir(uploads).build();
                     Client client = controller.getClient()) {
                    System.out.println("DOWNLOAD " + outcome(() -> client.getFilesFromGateway(FileQuery.folder("x"))));
                    System.out.println("UPLOAD " + outcome(() -> client.sendFilesToGateway("", List.of(share))));
                }
            }
            System.out.flush();
        }

        private interface Work {
            void run() throws Exception;
        }

        private static String outcome(Work work) {
            try {
                work.run();
                return "done";
            } catch (Exception e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }
}
