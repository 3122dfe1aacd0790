package dev.swarmnet.internal.wire.files;

import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.FrameSink;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.util.Objects;

/**
 * FILE_PUT_FOLDER (docs/PROTOCOL.md section 10): after the files of an uploaded tree, the client has the gateway
 * create each folder (an empty one has no file to make it) and give it its modification time and permission bits.
 * Answered with FILE_ACK.
 */
public final class FolderFrames {
    private FolderFrames() {
    }

    /** One folder: {@code dest} below {@code dirname}, its time and mode ({@code FileModes.NONE}: the default). */
    public record PutFolder(int tag, String dirname, String dest, long mtimeNanos, int mode) {
        public PutFolder {
            Objects.requireNonNull(dirname, "dirname");
            Objects.requireNonNull(dest, "dest");
        }
    }

    public static void putFolder(FrameSink s, PutFolder f) throws IOException {
        byte[] dirname = FileFrames.path(f.dirname());
        byte[] dest = FileFrames.path(f.dest());
        s.header(Protocol.FILE_PUT_FOLDER, 4 + 2 + dirname.length + 2 + dest.length + 8 + 2);
        s.putInt(f.tag());
        FileFrames.putPath(s, dirname);
        FileFrames.putPath(s, dest);
        s.putLong(f.mtimeNanos());
        FileFrames.putMode(s, f.mode());
    }

    public static PutFolder readPutFolder(FrameReader r) throws IOException {
        return new PutFolder(r.readInt(), r.readPath(), FileFrames.nonEmpty(r.readPath()), r.readLong(),
                FileFrames.readMode(r));
    }
}
