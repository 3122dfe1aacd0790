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
 * FILE_STAT and FILE_STATS (docs/PROTOCOL.md section 10): before an upload, the client asks what stands at its
 * destinations, so that files already there (same size and modification time) are not sent again.
 */
public final class StatFrames {
    /** Bytes of one state in FILE_STATS: kind, size, mtime. */
    static final int STATE_BYTES = 1 + 8 + 8;
    /** Destinations one FILE_STAT may ask about: a few milliseconds of the gateway's work. */
    public static final int MAX_DESTS = 4096;

    private StatFrames() {
    }

    /** What a client asks: the destinations {@code dests} below {@code dirname} in the gateway's download dir. */
    public record Request(int tag, String dirname, List<String> dests) {
        public Request {
            Objects.requireNonNull(dirname, "dirname");
            dests = List.copyOf(dests);
        }
    }

    /** What stands at a destination. */
    public enum Kind {
        /** Nothing (or nothing the gateway will tell about: a path it refuses, uploads refused). */
        NONE,
        /** A regular file, of the size and mtime given. */
        FILE,
        /** A folder, a link or anything else: an upload there fails, so it is sent to learn why. */
        OTHER
    }

    /** One destination's state; size and mtime (nanoseconds since the epoch) only for {@link Kind#FILE}. */
    public record State(Kind kind, long size, long mtimeNanos) {
        public static final State NONE = new State(Kind.NONE, 0, 0);
        public static final State OTHER = new State(Kind.OTHER, 0, 0);

        public State {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The size of a request's body: to cut a long list into frames the gateway accepts. */
    public static int requestBytes(String dirname, List<String> dests) throws ProtocolViolation {
        int bytes = 4 + 2 + FileFrames.path(dirname).length + 4;
        for (String d : dests) {
            bytes += destBytes(d);
        }
        return bytes;
    }

    /** The bytes one destination adds to a request's body. */
    public static int destBytes(String dest) throws ProtocolViolation {
        return 2 + FileFrames.path(dest).length;
    }

    public static void request(FrameSink s, Request q) throws IOException {
        byte[] dir = FileFrames.path(q.dirname());
        List<byte[]> dests = new ArrayList<>(q.dests().size());
        int body = 4 + 2 + dir.length + 4;
        for (String d : q.dests()) {
            byte[] b = FileFrames.path(d);
            dests.add(b);
            body += 2 + b.length;
        }
        s.header(Protocol.FILE_STAT, body);
        s.putInt(q.tag());
        FileFrames.putPath(s, dir);
        s.putInt(dests.size());
        for (byte[] b : dests) {
            FileFrames.putPath(s, b);
        }
    }

    public static Request readRequest(FrameReader r) throws IOException {
        int tag = r.readInt();
        String dirname = r.readPath();
        int n = FileFrames.count(r.readInt(), r, 2 + 1);
        if (n > MAX_DESTS) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_STAT asks about " + n
                    + " destinations; at most " + MAX_DESTS + " in one frame");
        }
        List<String> dests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dests.add(FileFrames.nonEmpty(r.readPath()));
        }
        return new Request(tag, dirname, dests);
    }

    public static void states(FrameSink s, int tag, List<State> states) throws IOException {
        s.header(Protocol.FILE_STATS, 4 + 4 + STATE_BYTES * states.size());
        s.putInt(tag);
        s.putInt(states.size());
        for (State st : states) {
            s.putByte(st.kind().ordinal());
            s.putLong(st.size());
            s.putLong(st.mtimeNanos());
        }
    }

    /** The states of FILE_STATS, checked against the request they answer. */
    public static List<State> readStates(FrameReader r, Request answered) throws IOException {
        int tag = r.readInt();
        int n = FileFrames.count(r.readInt(), r, STATE_BYTES);
        if (tag != answered.tag() || n != answered.dests().size()) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_STATS answers tag " + tag + " with " + n
                    + " states; expected tag " + answered.tag() + " with " + answered.dests().size());
        }
        List<State> states = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = r.readUnsignedByte();
            if (kind >= Kind.values().length) {
                throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "unknown FILE_STATS kind " + kind);
            }
            states.add(new State(Kind.values()[kind], FileFrames.nonNegative(r.readLong()), r.readLong()));
        }
        return states;
    }
}
