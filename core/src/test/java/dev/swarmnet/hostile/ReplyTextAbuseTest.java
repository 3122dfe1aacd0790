package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HandshakeAbuseTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ExistingFiles;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.RemoteException;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.Background;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other direction: a hostile gateway, played by hand, puts malformed UTF-8 into the text it sends (an
 * ERROR message, PONG text, listed paths, FILE_FAILED and FILE_ACK messages). The Java client must refuse
 * them as protocol errors — never show a message with U+FFFD in it, never act on a path it had to guess, and
 * never write a file.
 */
class ReplyTextAbuseTest {
    /** "bad " + an overlong '/' + "text": not UTF-8. */
    private static final byte[] BAD = hex("62 61 64 20 C0 AF 74 65 78 74");
    private static final long MTIME = 1_600_000_000_000L;

    @TempDir
    Path tmp;

    private ServerSocket server;
    private Controller controller;
    private Path down;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Background.run("hostile-gateway", this::serveEveryConnection);
        down = tmp.resolve("down");
        controller = Controller.builder().gateway(TestGateway.HOST, server.getLocalPort()).downloadDir(down).build();
    }

    @AfterEach
    void close() throws IOException {
        controller.close();
        server.close();
    }

    @Test
    void anErrorMessageThatIsNotUtf8IsAProtocolError() throws IOException {
        Client client = controller.getClient();
        assertThatThrownBy(() -> client.getSubroutineBatch("anything"))
                .isInstanceOf(SwarmnetException.class).isNotInstanceOf(RemoteException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\uFFFD"));
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void pongTextThatIsNotUtf8IsAProtocolError() throws IOException {
        Client client = controller.getClient();
        assertThatThrownBy(() -> client.ping("hello")).isInstanceOf(SwarmnetException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\uFFFD"));
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void aListedPathThatIsNotUtf8IsRefusedAndNothingIsWritten() throws IOException {
        Client client = controller.getClient();
        assertThatThrownBy(() -> client.getFilesFromGateway(FileQuery.folder("bad-listing")))
                .isInstanceOf(SwarmnetException.class);
        assertThat(down).doesNotExist();
    }

    /** The failure the client reports names no garbled text (FileFrames.readOutcome used to decode leniently). */
    @Test
    void aFileFailedMessageThatIsNotUtf8IsNeverShown() throws IOException {
        TransferReport report;
        try (Client client = controller.getClient()) {
            report = client.getFilesFromGateway(FileQuery.folder("files"));
        }
        assertThat(report.files()).isZero();
        assertThat(report.failures()).extracting(FileFailure::reason).isNotEmpty()
                .allSatisfy(reason -> assertThat(reason).doesNotContain("\uFFFD").doesNotContain("bad"));
        assertThat(down.toFile().list()).as("nothing in the download folder").isNullOrEmpty();
    }

    @Test
    void aFileAckMessageThatIsNotUtf8IsNeverShown() throws IOException {
        Path file = Files.writeString(tmp.resolve("up.txt"), "upload");
        TransferReport report;
        // Sent without asking what the gateway holds (this one answers only FILE_PUT): straight to its FILE_ACK.
        try (Controller replacing = Controller.builder().gateway(TestGateway.HOST, server.getLocalPort())
                .existingFiles(ExistingFiles.REPLACE).build(); Client client = replacing.getClient()) {
            report = client.sendFilesToGateway("", List.of(file));
        }
        assertThat(report.files()).isZero();
        assertThat(report.failures()).extracting(FileFailure::reason).isNotEmpty()
                .allSatisfy(reason -> assertThat(reason).doesNotContain("\uFFFD").doesNotContain("bad"));
    }

    /** Serves every connection (the client may open a replacement) until the server socket closes. */
    private void serveEveryConnection() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            Background.run("hostile-handler", () -> {
                try (RawConnection client = new RawConnection(socket)) {
                    serve(client);
                } catch (IOException clientGone) {
                    // the client closed: it refused what we sent
                }
            });
        }
    }

    private static void serve(RawConnection client) throws IOException {
        client.writeHello(RawConnection.MAGIC, RawConnection.VERSION, RawConnection.STATUS_READY);
        client.readHello();
        client.writeAdmission();
        for (Frame f = client.readFrame(); f != null; f = client.readFrame()) {
            switch (f.type()) {
                case RawConnection.PING:
                    client.writeFrame(RawConnection.PONG, BAD);
                    break;
                case RawConnection.BATCH_CALL:
                    client.writeFrame(RawConnection.ERROR, WireBody.create().u16(1).raw(BAD).bytes());
                    break;
                case RawConnection.FILE_LIST:
                    boolean badListing = new String(f.body(), StandardCharsets.UTF_8).contains("bad-listing");
                    WireBody listing = WireBody.create().u32(1).u8(0);
                    client.writeFrame(RawConnection.FILE_LIST_PART, (badListing ? listing.field16(BAD) : listing.text("a.txt"))
                            .i64(5).i64(MTIME).u16(0644).bytes());
                    client.writeFrame(RawConnection.FILE_LIST_END, WireBody.create().u32(1).i64(5).bytes());
                    break;
                case RawConnection.FILE_GET:
                    ByteBuffer get = ByteBuffer.wrap(f.body());
                    for (int n = get.getInt(), i = 0; i < n; i++) {
                        int tag = get.getInt();
                        skipPath(get);
                        get.position(get.position() + 16);
                        client.writeFrame(RawConnection.FILE_FAILED, WireBody.create().u32(tag).u16(14).raw(BAD).bytes());
                    }
                    break;
                case RawConnection.FILE_PUT:
                    ByteBuffer put = ByteBuffer.wrap(f.body());
                    int tag = put.getInt();
                    skipPath(put);
                    skipPath(put);
                    for (long size = put.getLong(), i = 0; i < size; i++) { // then the mtime and mode
                        client.readByte();
                    }
                    client.readFrame(); // FILE_DONE
                    client.writeFrame(RawConnection.FILE_ACK, WireBody.create().u32(tag).u16(14).raw(BAD).bytes());
                    break;
                case RawConnection.CLOSE_HANDLER:
                    client.writeFrame(RawConnection.BYE, new byte[0]);
                    return;
                default:
                    return;
            }
        }
    }

    private static void skipPath(ByteBuffer b) {
        int length = b.getShort() & 0xFFFF;
        b.position(b.position() + length);
    }
}
