package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HostileGateway.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** Striped-upload frames written by hand (docs/PROTOCOL.md sections 10 and 11), and the FILE_ACK they get. */
final class StripedRange {
    static final int FILE_PUT_RANGE = 0x48;
    static final int FILE_PUT_COMMIT = 0x49;
    static final int FILE_PUT_QUERY = 0x4A;
    static final int FILE_PUT_HAVE = 0x4B;
    static final long MTIME = 1_600_000_000_000L;

    /** A FILE_ACK's or FILE_PUT_HAVE's code and message. */
    record Ack(ErrorCode code, String message) {
    }

    private StripedRange() {
    }

    /** One FILE_PUT_RANGE of {@code bytes} at {@code offset} of a file of {@code fileSize}, with a correct trailer. */
    static Ack send(RawConnection raw, long uploadId, String dirname, String dest, long offset, byte[] bytes,
            long fileSize) throws IOException {
        raw.writeFrame(FILE_PUT_RANGE, WireBody.create().u32(7).i64(uploadId).text(dirname).text(dest).i64(offset)
                .i64(bytes.length).i64(fileSize).i64(MTIME).bytes());
        raw.writeRaw(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        raw.writeFrame(RawConnection.FILE_DONE, WireBody.create().u32(7).u32((int) crc.getValue()).u8(0).bytes());
        return ack(raw);
    }

    static Ack commit(RawConnection raw, long uploadId, String dirname, String dest) throws IOException {
        raw.writeFrame(FILE_PUT_COMMIT, WireBody.create().u32(7).i64(uploadId).text(dirname).text(dest).u16(0644).bytes());
        return ack(raw);
    }

    static Ack query(RawConnection raw, long uploadId, String dirname, String dest, long fileSize) throws IOException {
        raw.writeFrame(FILE_PUT_QUERY, WireBody.create().u32(7).i64(uploadId).text(dirname).text(dest).i64(fileSize)
                .i64(MTIME).bytes());
        ByteBuffer b = ByteBuffer.wrap(expect(raw, FILE_PUT_HAVE).body());
        assertThat(b.getInt()).as("tag").isEqualTo(7);
        ErrorCode code = code(b.getShort());
        b.position(b.position() + 4 + 16 * b.getInt(b.position()));
        return new Ack(code, StandardCharsets.UTF_8.decode(b).toString());
    }

    /** The next frame is a FILE_ACK for tag 7. */
    static Ack ack(RawConnection raw) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(expect(raw, RawConnection.FILE_ACK).body());
        assertThat(b.getInt()).as("tag").isEqualTo(7);
        ErrorCode code = code(b.getShort());
        return new Ack(code, StandardCharsets.UTF_8.decode(b).toString());
    }

    private static ErrorCode code(short wire) {
        return wire == 0 ? null : ErrorCode.fromWire(wire & 0xFFFF);
    }
}
