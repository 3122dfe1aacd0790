package dev.swarmnet.internal.transfer;

import static dev.swarmnet.support.FileTrees.changedMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.ByteArrayInputStream;
import dev.swarmnet.internal.files.ShareReader;
import dev.swarmnet.internal.files.SharedFile;
import dev.swarmnet.internal.files.Shares;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the gateway's sender puts in FILE_DONE for a large body, over a real loopback socket: the checksum it
 * reads, kept for the next sending of that version of the file, trusted on the next FILE_GET and never on a
 * FILE_REGET (a retry), which reads the file afresh and replaces it.
 */
class FileSenderChecksumTest {
    private static final int LARGE = 1 << 20; // over FileSender.SMALL_BODY: sent by sendfile

    @TempDir
    Path tmp;

    private long settledClock;

    @BeforeEach
    void clock() {
        settledClock = System.currentTimeMillis() + ChecksumCache.SETTLED_MILLIS + 1_000;
    }

    /** One body as the client reads it: the FILE_DONE checksum and the CRC32C of the bytes that came. */
    private record Received(int sentChecksum, int actualChecksum, int status) {
    }

    @Test
    void theFirstSendingKeepsTheChecksumItRead() throws Exception {
        Path file = randomFile("a.bin", LARGE);
        ChecksumCache cache = new ChecksumCache(16, () -> settledClock);

        List<Received> got = send(cache, file, false);

        assertThat(got.get(0).sentChecksum()).isEqualTo(got.get(0).actualChecksum());
        assertThat(cache.lookUp(file, null, 0, LARGE, false).known()).isEqualTo(got.get(0).actualChecksum());
    }

    @Test
    void aKeptChecksumIsTrustedByGetAndNeverByReget() throws Exception {
        Path file = randomFile("b.bin", LARGE);
        ChecksumCache cache = new ChecksumCache(16, () -> settledClock);
        int wrong = 42; // as if a read had gone wrong: only a FILE_REGET may get past it
        cache.remember(cache.lookUp(file, null, 0, LARGE, false), wrong);

        List<Received> got = send(cache, file, false, true, false);

        assertThat(got.get(0).sentChecksum()).isEqualTo(wrong);
        assertThat(got.get(0).actualChecksum()).isNotEqualTo(wrong); // the receiver's check fails: it retries
        assertThat(got.get(1).sentChecksum()).isEqualTo(got.get(1).actualChecksum());
        assertThat(got.get(2).sentChecksum()).isEqualTo(got.get(2).actualChecksum()); // replaced by the reread
        assertThat(got).allSatisfy(r -> assertThat(r.status()).isEqualTo(Protocol.FILE_INTACT));
    }

    @Test
    void smallBodiesAndUnsettledFilesKeepNothing() throws Exception {
        Path small = randomFile("small.bin", (int) FileSender.SMALL_BODY);
        Path large = randomFile("c.bin", LARGE);
        ChecksumCache cache = new ChecksumCache(16, () -> changedMillis(large)); // changed "just now"

        send(cache, small, false);
        send(cache, large, false);

        assertThat(cache.size()).isZero();
    }

    /** Sends the whole file once per entry of {@code rereads} over a loopback socket; returns what arrived. */
    private static List<Received> send(ChecksumCache cache, Path file, boolean... rereads) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open();
                ShareReader shares = new ShareReader(new Shares(List.of(file.getParent())))) {
            SharedFile shared = shares.file(file.getFileName().toString());
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CompletableFuture<byte[]> arrived;
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress())) {
                SocketChannel in = server.accept();
                arrived = CompletableFuture.supplyAsync(() -> readAll(in));
                ConnectionWriter writer = new ConnectionWriter(out);
                FileSender sender = new FileSender(writer, cache);
                for (int tag = 0; tag < rereads.length; tag++) {
                    sender.send(tag, shared, shares, 0, shared.attrs().size(), rereads[tag]);
                }
                writer.flush();
            }
            return parse(arrived.get(30, TimeUnit.SECONDS), rereads.length);
        }
    }

    private static byte[] readAll(SocketChannel in) {
        try (in) {
            return Channels.newInputStream(in).readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Received> parse(byte[] bytes, int bodies) throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), 1 << 20);
        List<Received> got = new ArrayList<>();
        for (int i = 0; i < bodies; i++) {
            assertThat(reader.next()).isEqualTo(Protocol.FILE_DATA);
            FileFrames.DataHeader header = FileFrames.readData(reader);
            CRC32C actual = new CRC32C();
            reader.readRawFully(new byte[(int) header.length()], actual);
            FileFrames.Trailer trailer = FileReceiver.readTrailer(reader, header.tag());
            got.add(new Received(trailer.crc(), (int) actual.getValue(), trailer.status()));
        }
        return got;
    }

    private Path randomFile(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return Files.write(tmp.resolve(name), content);
    }
}
