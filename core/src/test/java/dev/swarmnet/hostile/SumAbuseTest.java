package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HostileGateway.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FILE_SUM through the raw wire: it sums shared files and upload destinations only — a path that leaves them, or
 * passes a link, is "something else", never what lies outside — changes nothing unless asked to time a file that
 * holds the client's bytes, and its cost is bounded: at most 1,024 names a frame, at most 256 MiB of files read
 * (the rest answered "not summed"). HostileGateway checks nothing was written.
 */
class SumAbuseTest {
    private static final int FILE_SUM = 0x51;
    private static final int FILE_SUMS = 0x52;
    private static final int SHARED = 0;
    private static final int DESTINATIONS_TIMED = 2;
    private static final long BIG = 150L * 1024 * 1024;

    @RegisterExtension
    final HostileGateway gw = HostileGateway.standard().withShared(share -> {
        for (String name : List.of("big1.bin", "big2.bin")) {
            try (RandomAccessFile f = new RandomAccessFile(share.resolve(name).toFile(), "rw")) {
                f.setLength(BIG); // sparse: read as zeros without being written
            }
        }
    });

    /** One answer of FILE_SUMS. */
    private record Sum(int kind, long size, long mtimeNanos, int crc) {
    }

    @Test
    void onlySharedFilesAreSummed() throws IOException {
        RawConnection raw = gw.ready();
        List<String> names = List.of("a.txt", "logs/deep/c.log", "missing.txt", "link-out-file", "link-out/secret.txt",
                "../outside/secret.txt");
        WireBody body = WireBody.create().u32(3).u8(SHARED).text("").u32(names.size());
        names.forEach(body::text);
        raw.writeFrame(FILE_SUM, body.bytes());
        List<Sum> sums = read(raw, 3, names.size());
        assertThat(sums).extracting(Sum::kind).containsExactly(1, 1, 0, 2, 2, 2);
        assertThat(sums.get(0).size()).isEqualTo(5);
        assertThat(sums.get(0).crc()).isEqualTo(crc("alpha"));
        assertThat(sums.get(1).crc()).isEqualTo(crc("charlie"));
        assertThat(sums.subList(3, 6)).as("nothing told of the files outside")
                .allSatisfy(s -> assertThat(s.size()).isZero());
        usable(raw);
    }

    @Test
    void aDestinationIsTimedOnlyWhenItHoldsTheClientsBytes() throws IOException {
        RawConnection raw = gw.ready();
        long mtime = Files.getLastModifiedTime(gw.inbox().resolve("kept.txt")).toMillis() * 1_000_000L;
        WireBody body = WireBody.create().u32(4).u8(DESTINATIONS_TIMED).text("").u32(3)
                .text("kept.txt").i64(4).u32(crc("KEPT")).i64(mtime + 5_000_000_000L) // other bytes: left alone
                .text("escape/secret.txt").i64(6).u32(crc("secret")).i64(0)
                .text("missing.txt").i64(4).u32(crc("kept")).i64(0);
        raw.writeFrame(FILE_SUM, body.bytes());
        List<Sum> sums = read(raw, 4, 3);
        assertThat(sums).extracting(Sum::kind).containsExactly(1, 2, 0);
        assertThat(sums.get(0).crc()).isEqualTo(crc("kept"));
        assertThat(sums.get(0).mtimeNanos() / 1_000_000L).as("not timed").isEqualTo(mtime / 1_000_000L);
        usable(raw);
    }

    @Test
    void aRequestReadsAtMost256MiBOfFiles() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(FILE_SUM, WireBody.create().u32(1).u8(SHARED).text("").u32(3)
                .text("big1.bin").text("big2.bin").text("a.txt").bytes());
        List<Sum> sums = read(raw, 1, 3);
        assertThat(sums).extracting(Sum::kind).as("the second file would pass the budget").containsExactly(1, 3, 1);
        raw.writeFrame(FILE_SUM, WireBody.create().u32(2).u8(SHARED).text("").u32(1).text("big2.bin").bytes());
        Sum second = read(raw, 2, 1).get(0);
        assertThat(second.kind()).isEqualTo(1);
        assertThat(second.crc()).as("the same zeros").isEqualTo(sums.get(0).crc());
    }

    @Test
    void tooManyNamesInOneFrameIsAProtocolError() throws IOException {
        RawConnection raw = gw.ready();
        WireBody body = WireBody.create().u32(1).u8(SHARED).text("").u32(1025);
        for (int i = 0; i < 1025; i++) {
            body.text("f" + i);
        }
        raw.writeFrame(FILE_SUM, body.bytes());
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void anUnknownTargetIsAProtocolError() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(FILE_SUM, WireBody.create().u32(1).u8(3).text("").u32(1).text("a.txt").bytes());
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    private static List<Sum> read(RawConnection raw, int tag, int count) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(expect(raw, FILE_SUMS).body());
        assertThat(b.getInt()).as("tag").isEqualTo(tag);
        assertThat(b.getInt()).as("count").isEqualTo(count);
        List<Sum> sums = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sums.add(new Sum(b.get(), b.getLong(), b.getLong(), b.getInt()));
        }
        assertThat(b.hasRemaining()).isFalse();
        return sums;
    }

    private static void usable(RawConnection raw) throws IOException {
        raw.writeFrame(RawConnection.PING, "usable".getBytes(StandardCharsets.UTF_8));
        expect(raw, RawConnection.PONG);
    }

    private static int crc(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
