package dev.swarmnet.files;

import static dev.swarmnet.support.FileTrees.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.Background;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox also protects the controller: a gateway that lists destinations outside the download dir
 * (a hostile or broken gateway, speaking the protocol by hand here) cannot make the client write there.
 */
class HostileGatewayTest {
    private static final int MAGIC = 0x53574E54;
    private static final int CLOSE_HANDLER = 0x30;
    private static final int BYE = 0x32;
    private static final int FILE_LIST_PART = 0x41;
    private static final int FILE_LIST_END = 0x4D;
    private static final int FILE_GET = 0x42;
    private static final int FILE_DATA = 0x43;
    private static final int FILE_DONE = 0x44;
    private static final byte[] PAYLOAD = "owned".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    @Test
    void listedDestinationsOutsideTheDownloadDirAreRefusedAndNothingIsWrittenThere() throws Exception {
        Path down = Files.createDirectories(tmp.resolve("down"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(down.resolve("link-out"), outside);
        List<String> hostile = List.of("../escaped-1.txt", tmp.resolve("escaped-2.txt").toString(),
                "sub/../../escaped-3.txt", "..\\escaped-4.txt", "link-out/escaped-5.txt");
        List<String> dests = new java.util.ArrayList<>(hostile);
        dests.add("fine.txt");
        SortedMap<String, String> before = snapshot(tmp);

        TransferReport report;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> gateway = Background.run("hostile-gateway", () -> serve(server, dests.size(),
                    (long) PAYLOAD.length * dests.size(), l -> {
                        for (String dest : dests) {
                            l.writeByte(0); // a file
                            writePath(l, dest);
                            l.writeLong(PAYLOAD.length);
                            l.writeLong(FileFixture.BASE_MTIME_MILLIS);
                            l.writeShort(0644);
                        }
                    }));
            Controller c = Controller.builder().gateway("127.0.0.1", server.getLocalPort()).downloadDir(down)
                    .reconnectWindow(java.time.Duration.ZERO).build(); // a gateway that breaks the protocol: no retry
            try (c; Client client = c.getClient()) {
                report = client.getFilesFromGateway(FileQuery.folder("anything"));
            }
            gateway.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }

        assertThat(report.failures()).extracting(FileFailure::path).containsExactlyInAnyOrderElementsOf(hostile);
        assertThat(report.files()).isEqualTo(1);
        assertThat(Files.readAllBytes(down.resolve("fine.txt"))).isEqualTo(PAYLOAD);
        SortedMap<String, String> after = snapshot(tmp);
        after.remove("down/fine.txt");
        assertThat(after).as("nothing but down/fine.txt was written").isEqualTo(before);
    }

    @Test
    void listedLinksLeadingOutsideTheDownloadDirAreRefusedAndNoneIsMade() throws Exception {
        Path down = Files.createDirectories(tmp.resolve("down"));
        Map<String, String> hostile = new TreeMap<>(Map.of(
                "up", "..",
                "sub/out", "../../outside",
                "abs", tmp.resolve("outside").toString(),
                "sub/via-a-name", "x/../../../outside",
                "../escaped", "inside.txt"));
        Map<String, String> links = new TreeMap<>(hostile);
        links.put("sub/fine", "../inside.txt");
        SortedMap<String, String> before = snapshot(tmp);

        TransferReport report;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> gateway = Background.run("hostile-gateway", () -> serve(server, links.size(), 0,
                    l -> {
                        for (Map.Entry<String, String> link : links.entrySet()) {
                            l.writeByte(3); // a link
                            writePath(l, link.getKey());
                            l.writeLong(FileFixture.BASE_MTIME_MILLIS * 1_000_000);
                            writePath(l, link.getValue());
                        }
                    }));
            Controller c = Controller.builder().gateway("127.0.0.1", server.getLocalPort()).downloadDir(down)
                    .reconnectWindow(java.time.Duration.ZERO).build(); // a gateway that breaks the protocol: no retry
            try (c; Client client = c.getClient()) {
                report = client.getFilesFromGateway(FileQuery.folder("anything").recursive(true).links(true));
            }
            gateway.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }

        assertThat(report.failures()).extracting(FileFailure::path)
                .containsExactlyInAnyOrderElementsOf(hostile.keySet());
        assertThat(report.failures()).allSatisfy(f -> assertThat(f.reason()).containsAnyOf("refused link",
                "refused destination", "cannot make the link"));
        assertThat(report.files()).isEqualTo(1);
        assertThat(Files.readSymbolicLink(down.resolve("sub/fine"))).isEqualTo(Path.of("../inside.txt"));
        SortedMap<String, String> after = snapshot(tmp);
        after.keySet().removeIf(p -> p.startsWith("down/sub"));
        assertThat(after).as("nothing but down/sub/fine was made").isEqualTo(before);
    }

    @Test
    void aLinkListedWhereNoneWasAskedForBreaksTheProtocol() throws Exception {
        Path down = Files.createDirectories(tmp.resolve("down"));
        IOException refused;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> gateway = Background.run("hostile-gateway", () -> serve(server, 1, 0, l -> {
                l.writeByte(3); // a link, to a client that did not ask for links
                writePath(l, "unasked");
                l.writeLong(0);
                writePath(l, "target");
            }));
            Controller c = Controller.builder().gateway("127.0.0.1", server.getLocalPort()).downloadDir(down)
                    .reconnectWindow(java.time.Duration.ZERO).build(); // a gateway that breaks the protocol: no retry
            try (c; Client client = c.getClient()) {
                refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                        () -> client.getFilesFromGateway(FileQuery.folder("anything").recursive(true)));
            }
            gateway.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(refused).hasMessageContaining("no link was asked for");
        assertThat(down.resolve("unasked")).doesNotExist();
    }

    /** Writes the entries of a listing part (after its count). */
    private interface Entries {
        void write(DataOutputStream part) throws IOException;
    }

    /**
     * One connection: hello, a listing of {@code count} entries ({@code bytes} in its files), then every FILE_GET
     * item answered with PAYLOAD.
     */
    private static void serve(ServerSocket server, int count, long bytes, Entries entries) throws IOException {
        try (Socket s = server.accept()) {
            s.setSoTimeout(20_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(MAGIC);
            out.writeByte(1);
            out.writeByte(0);
            out.writeShort(0);
            out.flush();
            in.readFully(new byte[8]); // the client's hello
            out.write(new byte[] {0, 0, 0, 0, 0x50}); // AUTH_OK, empty: the client is in
            out.flush();
            readFrame(in); // FILE_LIST, whatever it asks

            ByteArrayOutputStream list = new ByteArrayOutputStream();
            DataOutputStream l = new DataOutputStream(list);
            l.writeInt(count);
            entries.write(l);
            writeFrame(out, FILE_LIST_PART, list.toByteArray());
            ByteArrayOutputStream end = new ByteArrayOutputStream();
            DataOutputStream e = new DataOutputStream(end);
            e.writeInt(count);
            e.writeLong(bytes);
            writeFrame(out, FILE_LIST_END, end.toByteArray());

            while (true) {
                byte[][] frame = readFrame(in);
                if (frame == null) {
                    return;
                }
                int type = frame[0][0] & 0xFF;
                if (type == CLOSE_HANDLER) {
                    writeFrame(out, BYE, new byte[0]);
                    return;
                }
                if (type != FILE_GET) {
                    return;
                }
                DataInputStream get = new DataInputStream(new java.io.ByteArrayInputStream(frame[1]));
                int n = get.readInt();
                for (int i = 0; i < n; i++) {
                    int tag = get.readInt();
                    get.readFully(new byte[get.readUnsignedShort()]);
                    long offset = get.readLong();
                    long length = get.readLong();
                    ByteArrayOutputStream h = new ByteArrayOutputStream();
                    DataOutputStream d = new DataOutputStream(h);
                    d.writeInt(tag);
                    d.writeLong(offset);
                    d.writeLong(length);
                    d.writeLong(PAYLOAD.length);
                    d.writeLong(FileFixture.BASE_MTIME_MILLIS);
                    writeFrame(out, FILE_DATA, h.toByteArray());
                    out.write(PAYLOAD, (int) offset, (int) length);
                    CRC32C crc = new CRC32C();
                    crc.update(PAYLOAD, (int) offset, (int) length);
                    ByteArrayOutputStream t = new ByteArrayOutputStream();
                    DataOutputStream dt = new DataOutputStream(t);
                    dt.writeInt(tag);
                    dt.writeInt((int) crc.getValue());
                    dt.writeByte(0);
                    writeFrame(out, FILE_DONE, t.toByteArray());
                }
                out.flush();
            }
        }
    }

    /** {type}, body; null at the end of the stream. */
    private static byte[][] readFrame(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        byte[] type = {(byte) in.readUnsignedByte()};
        byte[] body = new byte[length];
        in.readFully(body);
        return new byte[][] {type, body};
    }

    private static void writeFrame(DataOutputStream out, int type, byte[] body) throws IOException {
        out.writeInt(body.length);
        out.writeByte(type);
        out.write(body);
        out.flush();
    }

    private static void writePath(DataOutputStream out, String path) throws IOException {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }
}
