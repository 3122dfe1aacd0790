package dev.swarmnet.internal.wire.files;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.FrameSink;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * FILE_SUM and FILE_SUMS (docs/PROTOCOL.md section 10): in checksum mode the client asks for the CRC32C of whole
 * files, shared ones before a download, upload destinations before an upload, and skips those whose content it
 * already holds.
 */
public final class SumFrames {
    /** Names one FILE_SUM may ask about. */
    public static final int MAX_NAMES = 1024;
    /**
     * File bytes one FILE_SUM may make the gateway read (kept checksums cost nothing); past it the rest are
     * answered {@link Kind#NOT_SUMMED}. The first file read is always summed, whatever its size.
     */
    public static final long MAX_READ_BYTES = 256L * 1024 * 1024;
    /** Bytes of one answer in FILE_SUMS: kind, size, mtime, CRC32C. */
    static final int SUM_BYTES = 1 + 8 + 8 + 4;
    /** Bytes of an upload item beyond its path: size, CRC32C, mtime. */
    private static final int DEST_EXTRA_BYTES = 8 + 4 + 8;

    private SumFrames() {
    }

    /** What the names of a request are. */
    public enum Target {
        /** Files of the shares, named as in FILE_GET. */
        SHARED,
        /** Upload destinations below the dirname in the download folder; nothing is changed. */
        DESTINATIONS,
        /**
         * Upload destinations, and each regular file there that holds the item's bytes (its size and CRC32C) takes
         * the item's mtime, as if it had been uploaded again.
         */
        DESTINATIONS_TIMED
    }

    /**
     * One name asked about; for the destination targets also the client's file: its size, CRC32C and mtime
     * (nanoseconds since the epoch). For {@link Target#SHARED} those are 0.
     */
    public record Item(String name, long size, int crc, long mtimeNanos) {
        public Item {
            Objects.requireNonNull(name, "name");
        }

        public static Item shared(String name) {
            return new Item(name, 0, 0, 0);
        }
    }

    /** A client's request. */
    public record Request(int tag, Target target, String dirname, List<Item> items) {
        public Request {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(dirname, "dirname");
            items = List.copyOf(items);
            if (target == Target.SHARED && !dirname.isEmpty()) {
                throw new IllegalArgumentException("a request about shared files has no dirname");
            }
        }
    }

    /** What stands at a name. */
    public enum Kind {
        /** Nothing (or nothing the gateway will tell about). */
        NONE,
        /** A regular file of the size, mtime and CRC32C given. */
        FILE,
        /** A folder, a link, a path the gateway refuses, or a file that changed while it was read. */
        OTHER,
        /** Not read: the request's byte budget ran out before it. Ask again in another request. */
        NOT_SUMMED
    }

    /** One answer; size, mtime and CRC32C only for {@link Kind#FILE}. */
    public record Sum(Kind kind, long size, long mtimeNanos, int crc) {
        public static final Sum NONE = new Sum(Kind.NONE, 0, 0, 0);
        public static final Sum OTHER = new Sum(Kind.OTHER, 0, 0, 0);
        public static final Sum NOT_SUMMED = new Sum(Kind.NOT_SUMMED, 0, 0, 0);

        public Sum {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The bytes one item adds to a request's body: to cut a long list into frames the gateway accepts. */
    public static int itemBytes(Target target, String name) throws ProtocolViolation {
        return 2 + FileFrames.path(name).length + (target == Target.SHARED ? 0 : DEST_EXTRA_BYTES);
    }

    /** The body of a request without items. */
    public static int baseBytes(String dirname) throws ProtocolViolation {
        return 4 + 1 + 2 + FileFrames.path(dirname).length + 4;
    }

    public static void request(FrameSink s, Request q) throws IOException {
        byte[] dir = FileFrames.path(q.dirname());
        List<byte[]> names = new ArrayList<>(q.items().size());
        int body = baseBytes(q.dirname());
        for (Item item : q.items()) {
            byte[] b = FileFrames.path(item.name());
            names.add(b);
            body += 2 + b.length + (q.target() == Target.SHARED ? 0 : DEST_EXTRA_BYTES);
        }
        s.header(Protocol.FILE_SUM, body);
        s.putInt(q.tag());
        s.putByte(q.target().ordinal());
        FileFrames.putPath(s, dir);
        s.putInt(names.size());
        for (int i = 0; i < names.size(); i++) {
            FileFrames.putPath(s, names.get(i));
            if (q.target() != Target.SHARED) {
                Item item = q.items().get(i);
                s.putLong(item.size());
                s.putInt(item.crc());
                s.putLong(item.mtimeNanos());
            }
        }
    }

    public static Request readRequest(FrameReader r) throws IOException {
        int tag = r.readInt();
        int target = r.readUnsignedByte();
        if (target >= Target.values().length) {
            throw violation("unknown FILE_SUM target " + target);
        }
        Target t = Target.values()[target];
        String dirname = r.readPath();
        if (t == Target.SHARED && !dirname.isEmpty()) {
            throw violation("FILE_SUM about shared files names a dirname");
        }
        int n = FileFrames.count(r.readInt(), r, 2 + 1 + (t == Target.SHARED ? 0 : DEST_EXTRA_BYTES));
        if (n > MAX_NAMES) {
            throw violation("FILE_SUM asks about " + n + " files; at most " + MAX_NAMES + " in one frame");
        }
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = FileFrames.nonEmpty(r.readPath());
            items.add(t == Target.SHARED ? Item.shared(name)
                    : new Item(name, FileFrames.nonNegative(r.readLong()), r.readInt(), r.readLong()));
        }
        return new Request(tag, t, dirname, items);
    }

    public static void sums(FrameSink s, int tag, List<Sum> sums) throws IOException {
        s.header(Protocol.FILE_SUMS, 4 + 4 + SUM_BYTES * sums.size());
        s.putInt(tag);
        s.putInt(sums.size());
        for (Sum sum : sums) {
            s.putByte(sum.kind().ordinal());
            s.putLong(sum.size());
            s.putLong(sum.mtimeNanos());
            s.putInt(sum.crc());
        }
    }

    /** The answers of FILE_SUMS, checked against the request they answer. */
    public static List<Sum> readSums(FrameReader r, Request answered) throws IOException {
        int tag = r.readInt();
        int n = FileFrames.count(r.readInt(), r, SUM_BYTES);
        if (tag != answered.tag() || n != answered.items().size()) {
            throw violation("FILE_SUMS answers tag " + tag + " with " + n + " sums; expected tag "
                    + answered.tag() + " with " + answered.items().size());
        }
        List<Sum> sums = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = r.readUnsignedByte();
            if (kind >= Kind.values().length) {
                throw violation("unknown FILE_SUMS kind " + kind);
            }
            sums.add(new Sum(Kind.values()[kind], FileFrames.nonNegative(r.readLong()), r.readLong(), r.readInt()));
        }
        return sums;
    }

    private static ProtocolViolation violation(String message) {
        return new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, message);
    }
}
