package dev.swarmnet.files;

import dev.swarmnet.support.FileTrees;
import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.support.FileTrees.sha256;
import static dev.swarmnet.support.FileTrees.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.RemoteException;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.zip.CRC32C;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sandbox end to end, through the protocol: every traversal attempt is refused with FORBIDDEN and
 * nothing is written anywhere (the whole temp tree is compared before and after).
 */
class SandboxTest {
    private static final int MAGIC = 0x53574E54;
    private static final int FILE_GET = 0x42;
    private static final int FILE_DONE = 0x44;
    private static final int FILE_FAILED = 0x45;
    private static final int FILE_PUT = 0x46;
    private static final int FILE_ACK = 0x47;
    private static final int FORBIDDEN = 10;

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path share;
    private Path outside;
    private Path evil;
    private Path inbox;
    private Path down;
    private Gateway gw;
    private Client client;

    @BeforeEach
    void setUp() throws Exception {
        share = fs.share();
        outside = fs.path("outside");
        evil = fs.path("share-evil"); // shares a prefix with the share, and is not inside it
        inbox = fs.path("inbox");
        down = fs.down();
        fs.write(share, "logs/a.log", 1_000);
        fs.write(outside, "secret.txt", 2_000);
        fs.write(evil, "loot.txt", 3_000);
        Files.createSymbolicLink(share.resolve("out"), outside);                      // a folder link leading out
        Files.createSymbolicLink(share.resolve("secret-link"), outside.resolve("secret.txt")); // a file link out
        Files.createSymbolicLink(share.resolve("logs/inner-link"), share.resolve("logs/a.log")); // stays inside
        Files.createDirectories(inbox);
        Files.createSymbolicLink(inbox.resolve("escape-link"), outside);             // a trap in the download dir
        gw = fs.gateway();
        client = fs.client();
    }

    @Test
    void everyTraversalInAListingIsRefusedWithForbiddenAndNothingIsWritten() throws Exception {
        SortedMap<String, String> before = snapshot(fs.root());
        List<FileQuery> attempts = List.of(
                FileQuery.folder(".."),
                FileQuery.folder("../outside"),
                FileQuery.folder("../outside").recursive(true),
                FileQuery.folder("logs/../../outside"),
                FileQuery.folder("/etc"),
                FileQuery.folder("/"),
                FileQuery.files("/etc/passwd"),
                FileQuery.files("../outside/secret.txt"),
                FileQuery.files("logs/../../outside/secret.txt"),
                FileQuery.folder(share + "/../outside"),
                FileQuery.folder(evil.toString()),
                FileQuery.files(evil.resolve("loot.txt").toString()),
                FileQuery.folder("out"),
                FileQuery.folder("out").recursive(true),
                FileQuery.folder(share.resolve("out").toString()),
                FileQuery.folder("out").regex("secret\\.txt"),
                FileQuery.files("out/secret.txt"),
                FileQuery.files("secret-link"),
                FileQuery.files(share.resolve("secret-link").toString()),
                FileQuery.files("logs/a.log", "secret-link"),
                FileQuery.folder("..\\outside"),
                FileQuery.folder("logs\\..\\..\\outside"),
                FileQuery.files("..\\outside\\secret.txt"),
                FileQuery.folder("C:\\Windows"),
                FileQuery.folder("C:/Windows"));

        SoftAssertions soft = new SoftAssertions();
        for (FileQuery query : attempts) {
            soft.assertThatThrownBy(() -> client.getFilesFromGateway(query)).as("%s", query)
                    .isInstanceOfSatisfying(RemoteException.class, e -> {
                        assertThat(e.errorCode()).as("%s: %s", query, e.getMessage()).isEqualTo(ErrorCode.FORBIDDEN);
                        assertThat(e.remoteMessage()).as("the refusal names no real path of the gateway")
                                .doesNotContain(outside.toString());
                    });
        }
        soft.assertAll();

        assertThat(client.ping("still usable")).isEqualTo("still usable");
        assertThat(Files.exists(down)).as("the download dir was never created").isFalse();
        assertThat(snapshot(fs.root())).as("nothing created, changed or removed anywhere").isEqualTo(before);
    }

    @Test
    void aSwarmIsRefusedTheSameWay() throws Exception {
        SortedMap<String, String> before = snapshot(fs.root());
        try (Swarm swarm = fs.controller().swarm(2)) {
            assertThatThrownBy(() -> swarm.getFilesFromGateway(FileQuery.folder("out").recursive(true)))
                    .isInstanceOfSatisfying(RemoteException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
        }
        assertThat(snapshot(fs.root())).isEqualTo(before);
    }

    @Test
    void aFolderListingFollowsNoLinkNotEvenOneThatStaysInside() throws Exception {
        TransferReport report = client.getFilesFromGateway(FileQuery.folder(share.toString()).recursive(true));

        assertThat(report.failures()).isEmpty();
        SortedMap<String, String> got = digests(down);
        assertThat(got).containsOnlyKeys("logs/a.log");
        assertThat(got.values()).doesNotContain(sha256(outside.resolve("secret.txt")));
        assertThat(report.files()).isEqualTo(1);
    }

    @Test
    void uploadsThatWouldLandOutsideTheDownloadDirAreReportedAsFailuresAndWriteNothing() throws Exception {
        Path local = fs.write(fs.path("local"), "payload.txt", 5_000);
        SortedMap<String, String> before = snapshot(fs.root());
        List<String> dirnames = List.of("../escape", "..", fs.path("abs-escape").toString(), "/tmp",
                "a/../../x", "a/..", "..\\escape", "a\\..\\..\\x", "escape-link", "escape-link/sub", "C:/x");

        SoftAssertions soft = new SoftAssertions();
        for (String dirname : dirnames) {
            TransferReport report = client.sendFilesToGateway(dirname, List.of(local));
            soft.assertThat(report.files()).as("files stored for dirname %s", dirname).isZero();
            soft.assertThat(report.failures()).as("failures for dirname %s", dirname).hasSize(1);
            if (!report.failures().isEmpty()) {
                FileFailure f = report.failures().get(0);
                soft.assertThat(f.path()).as("the failure names the file").isEqualTo("payload.txt");
                soft.assertThat(f.reason()).as("reason for dirname %s", dirname).contains("FORBIDDEN").contains(dirname);
            }
        }
        soft.assertAll();

        assertThat(client.ping("still usable")).isEqualTo("still usable");
        assertThat(snapshot(fs.root())).as("nothing written anywhere, inside or outside the download dir")
                .isEqualTo(before);
    }

    @Test
    void aDownloadNeverWritesThroughALinkInTheDownloadDirThatLeadsOut() throws Exception {
        fs.write(share, "logs/sub/c.log", 700);
        Files.createDirectories(down);
        Files.createSymbolicLink(down.resolve("sub"), outside);
        SortedMap<String, String> outsideBefore = snapshot(outside);

        TransferReport report = client.getFilesFromGateway(FileQuery.folder("logs").recursive(true));

        // The folder "sub" cannot be made (a link has its name), nor the file in it.
        assertThat(report.failures()).extracting(FileFailure::path).containsExactlyInAnyOrder("sub", "sub/c.log");
        assertThat(report.files()).as("logs/a.log").isEqualTo(1);
        assertThat(snapshot(outside)).as("nothing written through the link").isEqualTo(outsideBefore);
        assertThat(FileTrees.temporaries(fs.root())).isEmpty();
    }

    @Test
    void aHostileClientCannotFetchOutsideTheSharesWithARawFileGet() throws Exception {
        List<String> sources = List.of("../outside/secret.txt", "/etc/passwd", outside.resolve("secret.txt").toString(),
                "out/secret.txt", "secret-link", evil.resolve("loot.txt").toString(), "..\\outside\\secret.txt",
                share + "/../outside/secret.txt");
        try (RawFiles raw = new RawFiles(gw.port())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream body = new DataOutputStream(bytes);
            body.writeInt(sources.size());
            for (int i = 0; i < sources.size(); i++) {
                body.writeInt(100 + i);
                writePath(body, sources.get(i));
                body.writeLong(0);
                body.writeLong(2_000);
            }
            raw.frame(FILE_GET, bytes.toByteArray());

            ByteBuffer[] reply = new ByteBuffer[1];
            for (int i = 0; i < sources.size(); i++) {
                assertThat(raw.nextType(reply)).as("answer type for %s (0x43 would be file bytes)", sources.get(i))
                        .isEqualTo(FILE_FAILED);
                assertThat(reply[0].getInt()).as("tag").isEqualTo(100 + i);
                assertThat(reply[0].getShort() & 0xFFFF).as("code for %s", sources.get(i)).isEqualTo(FORBIDDEN);
            }
        }
    }

    @Test
    void aHostileClientCannotWriteOutsideTheDownloadDirWithARawFilePut() throws Exception {
        SortedMap<String, String> before = snapshot(fs.root());
        byte[] payload = "not supposed to land anywhere".getBytes(StandardCharsets.UTF_8);
        List<String[]> attempts = new ArrayList<>();
        attempts.add(new String[] {"", "../escape.txt"});
        attempts.add(new String[] {"", fs.path("abs.txt").toString()});
        attempts.add(new String[] {"", "sub/../../escape.txt"});
        attempts.add(new String[] {"ok", "../../escape.txt"});
        attempts.add(new String[] {"", "..\\escape.txt"});
        attempts.add(new String[] {"", "escape-link/planted.txt"});
        attempts.add(new String[] {"escape-link", "planted.txt"});
        attempts.add(new String[] {"", ".planted.txt.0123456789abcdef.swarmnet-part"});
        try (RawFiles raw = new RawFiles(gw.port())) {
            ByteBuffer[] reply = new ByteBuffer[1];
            for (int i = 0; i < attempts.size(); i++) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream body = new DataOutputStream(bytes);
                body.writeInt(i);
                writePath(body, attempts.get(i)[0]);
                writePath(body, attempts.get(i)[1]);
                body.writeLong(payload.length);
                body.writeLong(FileFixture.BASE_MTIME_MILLIS);
                body.writeShort(0644);
                raw.frame(FILE_PUT, bytes.toByteArray());
                raw.raw(payload);
                CRC32C crc = new CRC32C();
                crc.update(payload);
                raw.frame(FILE_DONE, ByteBuffer.allocate(9).putInt(i).putInt((int) crc.getValue()).put((byte) 0)
                        .array());

                String what = "dirname '" + attempts.get(i)[0] + "', dest '" + attempts.get(i)[1] + "'";
                assertThat(raw.nextType(reply)).as("answer type for %s", what).isEqualTo(FILE_ACK);
                assertThat(reply[0].getInt()).isEqualTo(i);
                assertThat(reply[0].getShort() & 0xFFFF).as("code for %s", what).isEqualTo(FORBIDDEN);
            }
        }
        assertThat(snapshot(fs.root())).as("nothing written anywhere").isEqualTo(before);
    }

    @Test
    void aGatewayWithNoShareRefusesDownloadsAndSaysHowToShareAFolder() throws Exception {
        Gateway bare = fs.gateway(b -> { });
        try (Client c = fs.controller(bare).getClient()) {
            for (FileQuery q : List.of(FileQuery.folder("logs"), FileQuery.folder(share.toString()),
                    FileQuery.files("logs/a.log"))) {
                assertThatThrownBy(() -> c.getFilesFromGateway(q)).as("%s", q)
                        .isInstanceOfSatisfying(RemoteException.class, e -> {
                            assertThat(e.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
                            assertThat(e.remoteMessage()).contains("share(");
                        });
            }
        }
        assertThat(Files.exists(down)).isFalse();
    }

    private static void writePath(DataOutputStream out, String path) throws IOException {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }

    /**
     * A plain socket speaking the file frames by hand (docs/PROTOCOL.md section 10), independent of the
     * library's encoders: a hostile client that skips the listing and the client-side checks.
     */
    private static final class RawFiles implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        RawFiles(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
            assertThat(in.readInt()).as("gateway hello magic").isEqualTo(MAGIC);
            in.readUnsignedByte();
            assertThat(in.readUnsignedByte()).as("gateway ready").isZero();
            in.skipBytes(in.readUnsignedShort());
            out.writeInt(MAGIC);
            out.writeByte(1);
            out.writeByte(0);
            out.writeShort(0);
            out.flush();
            assertThat(in.readInt()).as("AUTH_OK length").isZero();
            assertThat(in.readUnsignedByte()).as("AUTH_OK").isEqualTo(0x50);
        }

        void frame(int type, byte[] body) throws IOException {
            out.writeInt(body.length);
            out.writeByte(type);
            out.write(body);
            out.flush();
        }

        void raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** The next frame's type and body; a file body after FILE_DATA is not expected here. */
        int nextType(ByteBuffer[] body) throws IOException {
            int length = in.readInt();
            int type = in.readUnsignedByte();
            byte[] b = new byte[length];
            in.readFully(b);
            body[0] = ByteBuffer.wrap(b);
            return type;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
