package dev.swarmnet.internal.transfer;

/**
 * A piece of work: bytes {@code [offset, offset + length)} of one file, tagged so that the reply can
 * be matched to it. A small file is one range; a large one is striped into several. An upload striped
 * over a swarm ends with one more piece of work, its {@code commit}, once every range is acknowledged.
 * {@code attempt} counts sendings whose bytes failed verification; {@code losses}, connections that died
 * while it was moving.
 */
public record FileRange(int tag, FileEntry entry, long offset, long length, int attempt, boolean commit, int losses) {
    public FileRange(int tag, FileEntry entry, long offset, long length, int attempt) {
        this(tag, entry, offset, length, attempt, false, 0);
    }

    /** The commit of a striped upload: no bytes, only the request to take the file's name. */
    static FileRange commitOf(int tag, FileEntry entry) {
        return new FileRange(tag, entry, 0, 0, 0, true, 0);
    }

    public FileRange retried() {
        return new FileRange(tag, entry, offset, length, attempt + 1, commit, losses);
    }

    /** This range again after the connection carrying it died. */
    FileRange lost() {
        return new FileRange(tag, entry, offset, length, attempt, commit, losses + 1);
    }

    public boolean isWholeFile() {
        return offset == 0 && length == entry.size();
    }
}
