package dev.swarmnet.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.Background;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing arrives in parts, and files move before it ends: the client asks for the files of a part as soon
 * as it has it, on the same connection, and the gateway answers such requests. The timeout only catches a
 * client that would wait for the listing's end (the scripted gateway below would then wait for ever).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListingInPartsTest {
    private static final long MTIME = FileFixture.BASE_MTIME_MILLIS;

    @TempDir
    Path tmp;

    /** A gateway speaking by hand: it sends the listing's second part only once the first part's file was asked for. */
    @Test
    void theClientAsksForTheFirstPartsFilesBeforeTheListingEnds() throws Exception {
        Path down = tmp.resolve("down");
        TransferReport report;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> gateway = Background.run("scripted-gateway", () -> serve(server));
            Controller c = Controller.builder().gateway("127.0.0.1", server.getLocalPort()).downloadDir(down).build();
            try (c; Client client = c.getClient()) {
                report = client.getFilesFromGateway(FileQuery.folder("f"));
            }
            gateway.get(30, TimeUnit.SECONDS);
        }
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(2);
        assertThat(Files.readString(down.resolve("a.txt"))).isEqualTo("content of a.txt");
        assertThat(Files.readString(down.resolve("b.txt"))).isEqualTo("content of b.txt");
    }

    /** Part "a.txt"; its FILE_GET answered; part "b.txt"; its FILE_GET answered; the end. */
    private static void serve(ServerSocket server) throws IOException {
        try (Socket socket = server.accept(); RawConnection client = new RawConnection(socket)) {
            client.writeHello(RawConnection.MAGIC, RawConnection.VERSION, RawConnection.STATUS_READY);
            client.readHello();
            client.writeAdmission();
            assertThat(client.readFrame().type()).isEqualTo(RawConnection.FILE_LIST);
            for (String name : List.of("a.txt", "b.txt")) {
                byte[] content = ("content of " + name).getBytes(StandardCharsets.UTF_8);
                client.writeFrame(RawConnection.FILE_LIST_PART, WireBody.create().u32(1).u8(0).text(name)
                        .i64(content.length).i64(MTIME).u16(0644).bytes());
                Frame get = client.readFrame(); // before the listing has ended
                assertThat(get.type()).isEqualTo(RawConnection.FILE_GET);
                ByteBuffer body = ByteBuffer.wrap(get.body());
                assertThat(body.getInt()).isEqualTo(1);
                int tag = body.getInt();
                byte[] source = new byte[body.getShort()];
                body.get(source);
                assertThat(new String(source, StandardCharsets.UTF_8)).isEqualTo("f/" + name);
                client.writeFrame(RawConnection.FILE_DATA, WireBody.create().u32(tag).i64(0).i64(content.length)
                        .i64(content.length).i64(MTIME).bytes());
                client.writeRaw(content);
                CRC32C crc = new CRC32C();
                crc.update(content);
                client.writeFrame(RawConnection.FILE_DONE, WireBody.create().u32(tag).u32((int) crc.getValue()).u8(0)
                        .bytes());
            }
            client.writeFrame(RawConnection.FILE_LIST_END, WireBody.create().u32(2).i64(32).bytes());
            Frame bye = client.readFrame();
            if (bye != null && bye.type() == RawConnection.CLOSE_HANDLER) {
                client.writeFrame(RawConnection.BYE, new byte[0]);
            }
        }
    }

    /**
     * The gateway's side: a FILE_GET sent after the first part of a long listing is answered (between two parts
     * or after the end), and the listing still ends with every file.
     */
    @Test
    void theGatewayAnswersAFileGetSentWhileItStillLists() throws Exception {
        FileFixture fx = new FileFixture(tmp);
        try (fx) {
            Path folder = fx.data();
            for (int i = 0; i < 3000; i++) {
                fx.write(folder.resolve(String.format("d%02d", i % 50)), String.format("f%04d.txt", i), 100);
            }
            Gateway gw = fx.gateway(b -> b.share(fx.share()));
            try (RawConnection raw = RawConnection.open(gw.port())) {
                raw.readHello();
                raw.writeClientHelloAndAwaitAdmission();
                raw.writeFrame(RawConnection.FILE_LIST, WireBody.create().u8(0).text("data").text("").u8(1).bytes());
                Frame first = raw.readFrame();
                assertThat(first.type()).isEqualTo(RawConnection.FILE_LIST_PART);
                ByteBuffer part = ByteBuffer.wrap(first.body());
                int n = part.getInt();
                assertThat(part.get()).as("the first entry is a file").isZero();
                byte[] dest = new byte[part.getShort()];
                part.get(dest);
                String name = new String(dest, StandardCharsets.UTF_8);
                raw.writeFrame(RawConnection.FILE_GET, WireBody.create().u32(1).u32(7).text("data/" + name)
                        .i64(0).i64(100).bytes());
                int listed = n;
                boolean ended = false;
                boolean answered = false;
                List<Integer> order = new ArrayList<>();
                while (!ended || !answered) {
                    Frame f = raw.readFrame();
                    order.add(f.type());
                    switch (f.type()) {
                        case RawConnection.FILE_LIST_PART -> listed += ByteBuffer.wrap(f.body()).getInt();
                        case RawConnection.FILE_LIST_END -> {
                            ended = true;
                            assertThat(ByteBuffer.wrap(f.body()).getInt()).as("3000 files and 50 folders")
                                    .isEqualTo(3050);
                        }
                        case RawConnection.FILE_DATA -> {
                            answered = true;
                            assertThat(ByteBuffer.wrap(f.body()).getInt()).isEqualTo(7);
                            for (int i = 0; i < 100; i++) {
                                raw.readByte();
                            }
                            assertThat(raw.readFrame().type()).isEqualTo(RawConnection.FILE_DONE);
                        }
                        case 0x0E -> { } // KEEPALIVE: a walk slowed down by a busy machine; a client skips it
                        default -> throw new AssertionError("unexpected frame type " + f.type() + " after " + order);
                    }
                }
                assertThat(listed).isEqualTo(3050);
                raw.writeFrame(RawConnection.PING, "still here".getBytes(StandardCharsets.UTF_8));
                assertThat(raw.readFrame().type()).isEqualTo(RawConnection.PONG);
            }
        }
    }
}
