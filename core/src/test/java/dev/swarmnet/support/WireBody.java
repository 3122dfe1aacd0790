package dev.swarmnet.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A frame body written field by field, big-endian, as docs/PROTOCOL.md lays it out, independent of the
 * library's encoders (so that a test can also write what no encoder would: a wrong length, bad UTF-8).
 *
 * <pre>{@code WireBody.create().text("echo").u32(0).bytes()}   // a BATCH_CALL body without arguments</pre>
 */
public final class WireBody {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private WireBody() {
    }

    public static WireBody create() {
        return new WireBody();
    }

    public WireBody u8(int v) {
        out.write(v);
        return this;
    }

    public WireBody u16(int v) {
        return raw(ByteBuffer.allocate(2).putShort((short) v).array());
    }

    public WireBody u32(int v) {
        return raw(ByteBuffer.allocate(4).putInt(v).array());
    }

    public WireBody i64(long v) {
        return raw(ByteBuffer.allocate(8).putLong(v).array());
    }

    public WireBody raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** A name or path field: u16 length, then the bytes as they are (which need not be valid UTF-8). */
    public WireBody field16(byte[] b) {
        return u16(b.length).raw(b);
    }

    /** A name or path field holding {@code s} in UTF-8. */
    public WireBody text(String s) {
        return field16(s.getBytes(StandardCharsets.UTF_8));
    }

    /** An args field: u32 length, then the bytes. */
    public WireBody field32(byte[] b) {
        return u32(b.length).raw(b);
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
