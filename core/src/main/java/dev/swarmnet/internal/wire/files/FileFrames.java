package dev.swarmnet.internal.wire.files;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileQuery;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.FrameSink;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.wire.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Encoders and decoders of the FILE_* frames (docs/PROTOCOL.md, "Files"). */
public final class FileFrames {
    private static final int QUERY_FOLDER = 0;
    private static final int QUERY_FILES = 1;
    private static final int MAX_LIST = 1_000_000;
    /** The fewest body bytes one item can take: an item count beyond body / this is refused before allocating. */
    private static final int MIN_FILE_ITEM = 2 + 1;
    private static final int MIN_GET_ITEM = 4 + 2 + 1 + 16;
    /** The smallest listing entry: a skipped one (kind, dest of 1 byte, empty reason). */
    private static final int MIN_LIST_ENTRY = 1 + 2 + 1 + 2;
    /** The kinds of a listing entry (FILE_LIST_PART). */
    public static final int LISTED_FILE = 0;
    public static final int LISTED_FOLDER = 1;
    public static final int LISTED_SKIPPED = 2;
    public static final int LISTED_LINK = 3;
    /** The bits of a folder query's flags byte (FILE_LIST). */
    private static final int FLAG_RECURSIVE = 1;
    private static final int FLAG_LINKS = 2;
    /** A mode field's value for "no permission bits" ({@link FileModes#NONE}). */
    private static final int WIRE_NO_MODE = 0xFFFF;
    /** A FILE_LIST_PART body grows to about this size before the next part begins. */
    static final int PART_BYTES = 64 * 1024;
    /** FILE_PUT_HAVE's fixed part: tag, code and span count. */
    private static final int HAVE_HEAD = 4 + 2 + 4;
    /** One span of FILE_PUT_HAVE: offset and length. */
    private static final int SPAN_BYTES = 8 + 8;
    /** At most this many spans in one FILE_PUT_HAVE, however large the frames. */
    private static final int MAX_SPANS = 65_536;

    /** Why a listed entry whose path does not fit a path field is skipped. */
    public static final String TOO_LONG = "a path longer than " + Protocol.MAX_PATH_BYTES + " bytes";
    /** How much of such a path the skipped entry shows, "…" included within the path field. */
    private static final int SHOWN_BYTES = 4000;

    /** What a FILE_DATA frame announces; the raw body follows it. */
    public record DataHeader(int tag, long offset, long length, long fileSize, long mtimeNanos) {
    }

    /**
     * What a FILE_PUT frame announces; the raw body follows it. {@code mode}: the permission bits to give the file,
     * or {@link FileModes#NONE} for the receiver's default.
     */
    public record PutHeader(int tag, String dirname, String dest, long size, long mtimeNanos, int mode) {
        /** A header without permission bits. */
        public PutHeader(int tag, String dirname, String dest, long size, long mtimeNanos) {
            this(tag, dirname, dest, size, mtimeNanos, FileModes.NONE);
        }
    }

    /** A FILE_PUT_RANGE header: one stripe of a file uploaded over several connections. */
    public record PutRangeHeader(int tag, long uploadId, String dirname, String dest, long offset, long length,
            long fileSize, long mtimeNanos) {
    }

    /**
     * A FILE_PUT_COMMIT: every stripe of the upload is acknowledged; the file may take its name, and
     * {@code mode} (or the receiver's default, {@link FileModes#NONE}).
     */
    public record PutCommit(int tag, long uploadId, String dirname, String dest, int mode) {
        /** A commit without permission bits. */
        public PutCommit(int tag, long uploadId, String dirname, String dest) {
            this(tag, uploadId, dirname, dest, FileModes.NONE);
        }
    }

    /** A FILE_PUT_QUERY: which ranges of this striped upload does the gateway hold? */
    public record PutQuery(int tag, long uploadId, String dirname, String dest, long fileSize, long mtimeNanos) {
    }

    /** Bytes {@code [offset, offset + length)} of a file. */
    public record Span(long offset, long length) {
    }

    /** A FILE_PUT_HAVE: the verified spans held (code 0), or why there is no answer. */
    public record Have(int tag, int code, List<Span> spans, String message) {
        public ErrorCode errorCode() {
            return ErrorCode.fromWire(code);
        }
    }

    /** A FILE_DONE trailer. */
    public record Trailer(int tag, int crc, int status) {
    }

    /** A FILE_FAILED or FILE_ACK outcome: code 0 means success. */
    public record Outcome(int tag, int code, String message) {
        public ErrorCode errorCode() {
            return ErrorCode.fromWire(code);
        }
    }

    private FileFrames() {
    }

    public static void list(FrameSink s, FileQuery query) throws IOException {
        if (query.folder() != null) {
            byte[] folder = path(query.folder());
            byte[] regex = path(query.selection() == null ? "" : query.selection());
            s.header(Protocol.FILE_LIST, 1 + 2 + folder.length + 2 + regex.length + 1);
            s.putByte(QUERY_FOLDER);
            putPath(s, folder);
            putPath(s, regex);
            s.putByte((query.isRecursive() ? FLAG_RECURSIVE : 0) | (query.keepsLinks() ? FLAG_LINKS : 0));
            return;
        }
        List<byte[]> files = new ArrayList<>();
        int body = 1 + 4;
        for (String f : query.files()) {
            byte[] b = path(f);
            files.add(b);
            body += 2 + b.length;
        }
        s.header(Protocol.FILE_LIST, body);
        s.putByte(QUERY_FILES);
        s.putInt(files.size());
        for (byte[] b : files) {
            putPath(s, b);
        }
    }

    /** The query a FILE_LIST frame carries. */
    public static FileQuery readList(FrameReader r) throws IOException {
        int kind = r.readUnsignedByte();
        if (kind == QUERY_FOLDER) {
            FileQuery q = FileQuery.folder(nonEmpty(r.readPath()));
            String regex = r.readPath();
            if (!regex.isEmpty()) {
                try {
                    q = q.regex(regex);
                } catch (IllegalArgumentException e) { // the Java client checks its regex before sending
                    throw violation("the regex does not compile");
                }
            }
            int flags = r.readUnsignedByte();
            if ((flags & ~(FLAG_RECURSIVE | FLAG_LINKS)) != 0) {
                throw violation("unknown query flags 0x" + Integer.toHexString(flags));
            }
            return q.recursive((flags & FLAG_RECURSIVE) != 0).links((flags & FLAG_LINKS) != 0);
        }
        if (kind != QUERY_FILES) {
            throw violation("unknown query kind " + kind);
        }
        int n = count(r.readInt(), r, MIN_FILE_ITEM);
        if (n == 0) {
            throw violation("a file list names no file");
        }
        String[] files = new String[n];
        for (int i = 0; i < n; i++) {
            files[i] = nonEmpty(r.readPath());
        }
        return FileQuery.files(files);
    }

    /**
     * Listing entries as FILE_LIST_PART frames of at most about {@link #PART_BYTES} each (one entry always fits:
     * a path and a reason are at most 4096 bytes each). The client names a file in FILE_GET by its query (see
     * {@link #sourceOf}), so only each entry's {@code dest} and metadata travel.
     */
    public static void listParts(FrameSink s, List<Listed> entries) throws IOException {
        int from = 0;
        while (from < entries.size()) {
            List<byte[]> dests = new ArrayList<>();
            List<byte[]> texts = new ArrayList<>();
            int body = 4;
            int to = from;
            while (to < entries.size() && (to == from || body < PART_BYTES)) {
                Listed l = entries.get(to);
                byte[] dest = path(l.dest());
                byte[] text = l.kind() == LISTED_SKIPPED || l.kind() == LISTED_LINK ? path(l.text()) : null;
                dests.add(dest);
                texts.add(text);
                body += 1 + 2 + dest.length + switch (l.kind()) {
                    case LISTED_FILE -> 8 + 8 + 2;
                    case LISTED_FOLDER -> 8 + 2;
                    case LISTED_LINK -> 8 + 2 + text.length;
                    default -> 2 + text.length;
                };
                to++;
            }
            s.header(Protocol.FILE_LIST_PART, body);
            s.putInt(to - from);
            for (int i = from; i < to; i++) {
                putListed(s, entries.get(i), dests.get(i - from), texts.get(i - from));
            }
            from = to;
        }
    }

    private static void putListed(FrameSink s, Listed l, byte[] dest, byte[] text) throws IOException {
        s.putByte(l.kind());
        putPath(s, dest);
        if (l.kind() == LISTED_SKIPPED) {
            putPath(s, text);
            return;
        }
        if (l.kind() == LISTED_LINK) {
            s.putLong(l.mtimeNanos());
            putPath(s, text);
            return;
        }
        if (l.kind() == LISTED_FILE) {
            s.putLong(l.size());
        }
        s.putLong(l.mtimeNanos());
        putMode(s, l.mode());
    }

    /**
     * One entry of a listing as a FILE_LIST_PART carries it: a file (size, mtime in nanoseconds, permission
     * bits), a folder (mtime, permission bits; size 0), a link (its own mtime, and its target as {@code text},
     * at most a path's 4096 bytes; size 0, {@link FileModes#NONE}) or an entry the gateway skipped (the reason
     * as {@code text}; the rest 0 and {@link FileModes#NONE}). {@code text} is empty for files and folders.
     */
    public record Listed(int kind, String dest, long size, long mtimeNanos, int mode, String text) {
        public static Listed file(String dest, long size, long mtimeNanos, int mode) {
            return new Listed(LISTED_FILE, dest, size, mtimeNanos, mode, "");
        }

        public static Listed folder(String dest, long mtimeNanos, int mode) {
            return new Listed(LISTED_FOLDER, dest, 0, mtimeNanos, mode, "");
        }

        public static Listed skipped(String dest, String reason) {
            return new Listed(LISTED_SKIPPED, dest, 0, 0, FileModes.NONE, reason);
        }

        public static Listed link(String dest, long mtimeNanos, String target) {
            return new Listed(LISTED_LINK, dest, 0, mtimeNanos, FileModes.NONE, target);
        }

        /** An entry skipped because its path does not fit a path field: the start of it, and {@link #TOO_LONG}. */
        public static Listed tooLong(String dest) {
            return skipped(shortened(dest), TOO_LONG);
        }

        /** A link's target, as its text. */
        public String target() {
            return text;
        }

        /** Why a skipped entry was skipped. */
        public String reason() {
            return text;
        }
    }

    public static List<Listed> readListPart(FrameReader r) throws IOException {
        int n = count(r.readInt(), r, MIN_LIST_ENTRY);
        List<Listed> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = r.readUnsignedByte();
            String dest = nonEmpty(r.readPath());
            entries.add(switch (kind) {
                case LISTED_FILE -> Listed.file(dest, nonNegative(r.readLong()), r.readLong(), readMode(r));
                case LISTED_FOLDER -> Listed.folder(dest, r.readLong(), readMode(r));
                case LISTED_SKIPPED -> Listed.skipped(dest, r.readPath());
                case LISTED_LINK -> Listed.link(dest, r.readLong(), nonEmpty(r.readPath()));
                default -> throw violation("unknown listing entry kind " + kind);
            });
        }
        return entries;
    }

    /** FILE_LIST_END: the listing is complete; how many files and bytes it named, for the client to check. */
    public record ListEnd(int files, long bytes) {
    }

    public static void listEnd(FrameSink s, ListEnd end) throws IOException {
        s.header(Protocol.FILE_LIST_END, 4 + 8);
        s.putInt(end.files());
        s.putLong(end.bytes());
    }

    public static ListEnd readListEnd(FrameReader r) throws IOException {
        int files = r.readInt();
        long bytes = r.readLong();
        if (files < 0 || bytes < 0) {
            throw violation("a negative count in FILE_LIST_END");
        }
        return new ListEnd(files, bytes);
    }

    /**
     * How a client names a listed file in FILE_GET: for a folder query, the folder as asked (without trailing
     * slashes) and the file's dest; for a file list, the name it asked for (the listing answers in order).
     */
    public static String sourceOf(FileQuery query, int index, String dest) {
        if (query.folder() == null) {
            return query.files().get(index);
        }
        String folder = query.folder();
        int end = folder.length();
        while (end > 1 && folder.charAt(end - 1) == '/') {
            end--;
        }
        return folder.substring(0, end) + "/" + dest;
    }

    /**
     * FILE_GET, or FILE_REGET ({@code reget}) when a range is sent again after its bytes failed verification: then
     * the gateway must not trust a checksum it kept (see ChecksumCache), nor for the rest of the batch.
     */
    public static void get(FrameSink s, List<GetItem> items, boolean reget) throws IOException {
        List<byte[]> sources = new ArrayList<>(items.size());
        int body = 4;
        for (GetItem item : items) {
            byte[] b = path(item.source());
            sources.add(b);
            body += 4 + 2 + b.length + 16;
        }
        s.header(reget ? Protocol.FILE_REGET : Protocol.FILE_GET, body);
        s.putInt(items.size());
        for (int i = 0; i < items.size(); i++) {
            GetItem item = items.get(i);
            s.putInt(item.tag());
            putPath(s, sources.get(i));
            s.putLong(item.offset());
            s.putLong(item.length());
        }
    }

    /** One item of a FILE_GET: the gateway answers each with FILE_DATA + body + FILE_DONE, or FILE_FAILED. */
    public record GetItem(int tag, String source, long offset, long length) {
    }

    public static List<GetItem> readGet(FrameReader r) throws IOException {
        int n = count(r.readInt(), r, MIN_GET_ITEM);
        List<GetItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = r.readInt();
            String source = nonEmpty(r.readPath());
            long offset = nonNegative(r.readLong());
            items.add(new GetItem(tag, source, offset, range(offset, r.readLong())));
        }
        return items;
    }

    public static void data(FrameSink s, DataHeader h) throws IOException {
        s.header(Protocol.FILE_DATA, 4 + 32);
        s.putInt(h.tag());
        s.putLong(h.offset());
        s.putLong(h.length());
        s.putLong(h.fileSize());
        s.putLong(h.mtimeNanos());
    }

    public static DataHeader readData(FrameReader r) throws IOException {
        int tag = r.readInt();
        long offset = nonNegative(r.readLong());
        return new DataHeader(tag, offset, range(offset, r.readLong()), nonNegative(r.readLong()), r.readLong());
    }

    public static void put(FrameSink s, PutHeader h) throws IOException {
        byte[] dirname = path(h.dirname());
        byte[] dest = path(h.dest());
        s.header(Protocol.FILE_PUT, 4 + 2 + dirname.length + 2 + dest.length + 16 + 2);
        s.putInt(h.tag());
        putPath(s, dirname);
        putPath(s, dest);
        s.putLong(h.size());
        s.putLong(h.mtimeNanos());
        putMode(s, h.mode());
    }

    public static PutHeader readPut(FrameReader r) throws IOException {
        return new PutHeader(r.readInt(), r.readPath(), nonEmpty(r.readPath()), nonNegative(r.readLong()), r.readLong(),
                readMode(r));
    }

    public static void putRange(FrameSink s, PutRangeHeader h) throws IOException {
        uploadHead(s, Protocol.FILE_PUT_RANGE, h.tag(), h.uploadId(), h.dirname(), h.dest(), 32);
        s.putLong(h.offset());
        s.putLong(h.length());
        s.putLong(h.fileSize());
        s.putLong(h.mtimeNanos());
    }

    public static PutRangeHeader readPutRange(FrameReader r) throws IOException {
        return new PutRangeHeader(r.readInt(), r.readLong(), r.readPath(), nonEmpty(r.readPath()),
                nonNegative(r.readLong()), nonNegative(r.readLong()), nonNegative(r.readLong()), r.readLong());
    }

    public static void putCommit(FrameSink s, PutCommit c) throws IOException {
        uploadHead(s, Protocol.FILE_PUT_COMMIT, c.tag(), c.uploadId(), c.dirname(), c.dest(), 2);
        putMode(s, c.mode());
    }

    public static PutCommit readPutCommit(FrameReader r) throws IOException {
        return new PutCommit(r.readInt(), r.readLong(), r.readPath(), nonEmpty(r.readPath()), readMode(r));
    }

    public static void putQuery(FrameSink s, PutQuery q) throws IOException {
        uploadHead(s, Protocol.FILE_PUT_QUERY, q.tag(), q.uploadId(), q.dirname(), q.dest(), 16);
        s.putLong(q.fileSize());
        s.putLong(q.mtimeNanos());
    }

    /**
     * The head every frame about one striped upload starts with — header, tag, upload id, dirname, dest —
     * for a frame with {@code trailing} more bytes after it.
     */
    private static void uploadHead(FrameSink s, int type, int tag, long uploadId, String dirname, String dest,
            int trailing) throws IOException {
        byte[] dir = path(dirname);
        byte[] name = path(dest);
        s.header(type, 4 + 8 + 2 + dir.length + 2 + name.length + trailing);
        s.putInt(tag);
        s.putLong(uploadId);
        putPath(s, dir);
        putPath(s, name);
    }

    public static PutQuery readPutQuery(FrameReader r) throws IOException {
        return new PutQuery(r.readInt(), r.readLong(), r.readPath(), nonEmpty(r.readPath()), nonNegative(r.readLong()),
                r.readLong());
    }

    /**
     * How many spans a FILE_PUT_HAVE may list within the maximum frame size, leaving room for a message; a
     * client sends again whatever is not listed, so a shorter answer costs bytes, never correctness.
     */
    public static int spansThatFit(int maxFrameSize) {
        int room = maxFrameSize - HAVE_HEAD - Protocol.MAX_ERROR_MESSAGE_BYTES;
        return Math.max(1, Math.min(MAX_SPANS, room / SPAN_BYTES));
    }

    public static void have(FrameSink s, Have h) throws IOException {
        byte[] text = Frames.messageText(h.message());
        s.header(Protocol.FILE_PUT_HAVE, HAVE_HEAD + SPAN_BYTES * h.spans().size() + text.length);
        s.putInt(h.tag());
        s.putShort(h.code());
        s.putInt(h.spans().size());
        for (Span span : h.spans()) {
            s.putLong(span.offset());
            s.putLong(span.length());
        }
        s.put(text);
    }

    public static Have readHave(FrameReader r) throws IOException {
        int tag = r.readInt();
        int code = r.readUnsignedShort();
        int n = count(r.readInt(), r, SPAN_BYTES);
        List<Span> spans = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long offset = nonNegative(r.readLong());
            spans.add(new Span(offset, range(offset, r.readLong())));
        }
        return new Have(tag, code, spans, r.readUtf8(r.remaining()));
    }

    public static void done(FrameSink s, Trailer t) throws IOException {
        s.header(Protocol.FILE_DONE, 9);
        s.putInt(t.tag());
        s.putInt(t.crc());
        s.putByte(t.status());
    }

    public static Trailer readDone(FrameReader r) throws IOException {
        return new Trailer(r.readInt(), r.readInt(), r.readUnsignedByte());
    }

    /** FILE_FAILED (type) or FILE_ACK (type): tag, code, message. */
    public static void outcome(FrameSink s, int type, Outcome o) throws IOException {
        byte[] text = Frames.messageText(o.message()); // cut on a character boundary: the reader is strict
        s.header(type, 4 + 2 + text.length);
        s.putInt(o.tag());
        s.putShort(o.code());
        s.put(text);
    }

    public static Outcome readOutcome(FrameReader r) throws IOException {
        int tag = r.readInt();
        int code = r.readUnsignedShort();
        return new Outcome(tag, code, r.readUtf8(r.remaining()));
    }

    /**
     * Whether a path can travel in a path field (a client could name the file in FILE_GET): a deep tree can
     * hold longer paths than PATH_MAX, as a walk reaches each folder relative to the one above it.
     */
    public static boolean fitsPathField(String path) {
        // A char is at most 3 bytes of UTF-8: most paths are decided without encoding them.
        return path.length() * 3 <= Protocol.MAX_PATH_BYTES || Utf8.encode(path).length <= Protocol.MAX_PATH_BYTES;
    }

    /** The start of a path too long for a path field, on a character boundary, and "…". */
    private static String shortened(String path) {
        if (fitsPathField(path) && Utf8.encode(path).length <= SHOWN_BYTES) {
            return path;
        }
        int bytes = 0;
        int end = 0;
        while (end < path.length()) {
            int cp = path.codePointAt(end);
            int size = Utf8.encode(new String(Character.toChars(cp))).length;
            if (bytes + size > SHOWN_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return path.substring(0, end) + "…";
    }

    static byte[] path(String p) throws ProtocolViolation {
        byte[] b = Utf8.encode(p);
        if (b.length > Protocol.MAX_PATH_BYTES) {
            throw new IllegalArgumentException("path of " + b.length + " bytes is longer than "
                    + Protocol.MAX_PATH_BYTES);
        }
        return b;
    }

    /** A u16 mode field: the permission bits, or 0xFFFF for none. */
    static void putMode(FrameSink s, int mode) throws IOException {
        if (!FileModes.isValid(mode)) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " has bits beyond 0777");
        }
        s.putShort(mode == FileModes.NONE ? WIRE_NO_MODE : mode);
    }

    /** A mode field: only the permission bits (never setuid, setgid, sticky or a file type), or none. */
    static int readMode(FrameReader r) throws IOException {
        int mode = r.readUnsignedShort();
        if (mode == WIRE_NO_MODE) {
            return FileModes.NONE;
        }
        if ((mode & ~FileModes.PERMISSION_BITS) != 0) {
            throw violation("mode 0" + Integer.toOctalString(mode) + " has bits beyond 0777");
        }
        return mode;
    }

    static void putPath(FrameSink s, byte[] b) throws IOException {
        s.putShort(b.length);
        s.put(b);
    }

    /** An item count, refused if out of range or if the rest of the body cannot hold that many items. */
    static int count(int n, FrameReader r, int minItemBytes) throws ProtocolViolation {
        if (n < 0 || n > MAX_LIST) {
            throw violation("item count " + Integer.toUnsignedString(n) + " out of range");
        }
        if (n > r.remaining() / minItemBytes) {
            throw violation("item count " + n + " does not fit the " + r.remaining() + " bytes left in the frame");
        }
        return n;
    }

    /** The length of a byte range at {@code offset}: non-negative, and the range must end below 2^63. */
    private static long range(long offset, long length) throws ProtocolViolation {
        if (nonNegative(length) > Long.MAX_VALUE - offset) {
            throw violation("byte range " + offset + " + " + length + " ends beyond 2^63");
        }
        return length;
    }

    static long nonNegative(long v) throws ProtocolViolation {
        if (v < 0) {
            throw violation("negative size or offset");
        }
        return v;
    }

    static String nonEmpty(String s) throws ProtocolViolation {
        if (s.isEmpty()) {
            throw violation("empty path");
        }
        return s;
    }

    private static ProtocolViolation violation(String message) {
        return new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, message);
    }
}
