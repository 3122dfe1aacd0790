package dev.swarmnet.files;

import static dev.swarmnet.support.FileTrees.snapshot;
import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.Gateway;
import dev.swarmnet.internal.files.ResumablePieces;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.WireBody;
import dev.swarmnet.support.FileGateway;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.SortedMap;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FILE_PUT_QUERY and FILE_PUT_RANGE through the raw wire, from a client that does not play by the rules: only
 * the holder of an upload id learns which of its ranges are held; a forged id, a name leading out of the
 * download folder, another size, an absurd range get a clear answer that reveals nothing and change nothing.
 */
class ResumeQueryAbuseTest {
    private static final int FILE_DONE = 0x44;
    private static final int FILE_ACK = 0x47;
    private static final int FILE_PUT_RANGE = 0x48;
    private static final int FILE_PUT_QUERY = 0x4A;
    private static final int FILE_PUT_HAVE = 0x4B;
    private static final long ID = 0x0123_4567_89AB_CDEFL;
    private static final long MTIME = 1_600_000_000_000L;
    private static final int SIZE = 3000;

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Path inbox;
    private Gateway gw;
    private final byte[] content = new byte[SIZE];

    @BeforeEach
    void setUp() throws Exception {
        inbox = fs.inbox();
        gw = fs.gateway();
        new Random(5).nextBytes(content);
        try (RawConnection raw = ready()) {
            raw.writeRaw(putRange(ID, "up", 0, 1000, SIZE));
            assertThat(ackCode(raw)).isZero();
        }
        eventually().until(() -> gw.activeHandlers() == 0); // the pieces are kept for the upload to resume
    }

    @Test
    void theHolderOfTheIdLearnsWhatIsHeld() throws IOException {
        try (RawConnection raw = ready()) {
            raw.writeFrame(FILE_PUT_QUERY, query(ID, "up", "big.bin", SIZE));
            ByteBuffer have = have(raw, 7, 0);
            assertThat(have.getInt()).as("spans").isOne();
            assertThat(have.getLong()).isZero();
            assertThat(have.getLong()).isEqualTo(1000);
        }
    }

    @Test
    void forgedIdsNamesAndSizesAreAnsweredClearlyAndRevealNothing() throws IOException {
        SortedMap<String, String> before = snapshot(inbox);
        String dataName = ResumablePieces.dataFor(inbox.resolve("up/big.bin"), ID).getFileName().toString();
        try (RawConnection raw = ready()) {
            String forged = notHeld(raw, query(ID + 1, "up", "big.bin", SIZE));
            assertThat(forged).doesNotContain(Long.toString(ID)).doesNotContain(Long.toHexString(ID))
                    .doesNotContain(inbox.toString()).doesNotContain(dataName);
            assertThat(notHeld(raw, query(ID, "up/none", "big.bin", SIZE))).isEqualTo(forged);
            assertThat(notHeld(raw, query(ID, "up", "other.bin", SIZE))).doesNotContain(dataName);
            refused(raw, query(ID, "../inbox/up", "big.bin", SIZE), ErrorCode.FORBIDDEN);
            refused(raw, query(ID, "/etc", "passwd", SIZE), ErrorCode.FORBIDDEN);
            refused(raw, query(ID, "up", "../../big.bin", SIZE), ErrorCode.FORBIDDEN);
            refused(raw, query(ID, "up", dataName, SIZE), ErrorCode.FORBIDDEN); // names of pieces are reserved
            refused(raw, query(ID, "up", "big.bin", SIZE + 1), ErrorCode.BAD_ARGUMENTS);

            raw.writeRaw(putRange(ID, "up", 2500, 1000, SIZE)); // past the end of the file
            assertThat(ErrorCode.fromWire(ackCode(raw))).isEqualTo(ErrorCode.BAD_ARGUMENTS);
            raw.writeRaw(putRange(ID, "up", 1000, 1000, SIZE + 5)); // disagrees with the held pieces
            assertThat(ErrorCode.fromWire(ackCode(raw))).isEqualTo(ErrorCode.BAD_ARGUMENTS);
            raw.writeFrame(FILE_PUT_QUERY, query(ID, "up", "big.bin", SIZE));
            have(raw, 7, 0); // the connection is still usable
        }
        assertThat(snapshot(inbox)).as("nothing created, changed or removed").isEqualTo(before);
    }

    @Test
    void aMalformedQueryIsAProtocolError() throws IOException {
        try (RawConnection raw = ready()) {
            raw.writeFrame(FILE_PUT_QUERY, WireBody.create().u32(7).i64(ID).text("up").bytes()); // cut short
            Frame error = raw.readFrame();
            assertThat(error.type()).isEqualTo(RawConnection.ERROR);
            assertThat(ErrorCode.fromWire(error.errorCode())).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        }
        try (RawConnection raw = ready()) {
            raw.writeFrame(FILE_PUT_QUERY, query(ID, "up", "big.bin", -1)); // a negative size
            Frame error = raw.readFrame();
            assertThat(ErrorCode.fromWire(error.errorCode())).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        }
    }

    private RawConnection ready() throws IOException {
        RawConnection raw = RawConnection.open(gw.port());
        raw.readHello();
        raw.writeClientHelloAndAwaitAdmission();
        return raw;
    }

    private static byte[] query(long id, String dirname, String dest, long size) {
        return WireBody.create().u32(7).i64(id).text(dirname).text(dest).i64(size).i64(MTIME).bytes();
    }

    /** FILE_PUT_RANGE of bytes {@code [offset, offset + length)} of the content, its body and FILE_DONE. */
    private byte[] putRange(long id, String dirname, int offset, int length, long size) {
        byte[] header = WireBody.create().u32(3).i64(id).text(dirname).text("big.bin").i64(offset).i64(length)
                .i64(size).i64(MTIME).bytes();
        byte[] body = new byte[length];
        System.arraycopy(content, offset, body, 0, Math.min(length, SIZE - offset));
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] done = WireBody.create().u32(3).u32((int) crc.getValue()).u8(0).bytes();
        return WireBody.create().raw(frame(FILE_PUT_RANGE, header)).raw(body).raw(frame(FILE_DONE, done)).bytes();
    }

    private static byte[] frame(int type, byte[] body) {
        return WireBody.create().u32(body.length).u8(type).raw(body).bytes();
    }

    private static int ackCode(RawConnection raw) throws IOException {
        Frame ack = raw.readFrame();
        assertThat(ack.type()).isEqualTo(FILE_ACK);
        return ByteBuffer.wrap(ack.body()).getShort(4) & 0xFFFF;
    }

    /** Reads a FILE_PUT_HAVE for {@code tag} and checks its code; returns the body positioned at the span count. */
    private static ByteBuffer have(RawConnection raw, int tag, int code) throws IOException {
        Frame f = raw.readFrame();
        assertThat(f.type()).isEqualTo(FILE_PUT_HAVE);
        ByteBuffer b = ByteBuffer.wrap(f.body());
        assertThat(b.getInt()).isEqualTo(tag);
        int wire = b.getShort() & 0xFFFF;
        assertThat(wire).as("code").isEqualTo(code);
        return b;
    }

    /** The query is answered NOT_FOUND with no span; returns the message. */
    private static String notHeld(RawConnection raw, byte[] query) throws IOException {
        return refused(raw, query, ErrorCode.NOT_FOUND);
    }

    private static String refused(RawConnection raw, byte[] query, ErrorCode code) throws IOException {
        raw.writeFrame(FILE_PUT_QUERY, query);
        ByteBuffer b = have(raw, 7, code.wireCode());
        assertThat(b.getInt()).as("spans revealed").isZero();
        String message = StandardCharsets.UTF_8.decode(b).toString();
        assertThat(message).as("the answer says why").isNotBlank();
        return message;
    }
}
