package dev.swarmnet.internal.client.transfer;

/**
 * A piece of work: bytes {@code [offset, offset + length)} of one file, tagged so that the reply can
 * be matched to it. A small file is one range; a large one is striped into several. An upload striped
 * over a swarm ends with one more piece of work, its {@code COMMIT}, once every range is acknowledged; after
 * a lost connection that commit is preceded by a {@code QUERY} of the ranges the gateway holds.
 * {@code attempt} counts sendings whose bytes failed verification; {@code losses}, connections that died
 * while it was moving.
 */
public record FileRange(int tag, FileEntry entry, long offset, long length, int attempt, Kind kind, int losses) {
    /** What the work is: bytes, or one of the two requests about a striped upload as a whole. */
    public enum Kind { BYTES, COMMIT, QUERY }

    public FileRange(int tag, FileEntry entry, long offset, long length, int attempt) {
        this(tag, entry, offset, length, attempt, Kind.BYTES, 0);
    }

    /** The commit of a striped upload: no bytes, only the request to take the file's name. */
    static FileRange commitOf(int tag, FileEntry entry) {
        return new FileRange(tag, entry, 0, 0, 0, Kind.COMMIT, 0);
    }

    /** The question which ranges of a striped upload the gateway holds (asked instead of a commit). */
    static FileRange queryOf(int tag, FileEntry entry) {
        return new FileRange(tag, entry, 0, 0, 0, Kind.QUERY, 0);
    }

    public boolean commit() {
        return kind == Kind.COMMIT;
    }

    public boolean query() {
        return kind == Kind.QUERY;
    }

    public FileRange retried() {
        return new FileRange(tag, entry, offset, length, attempt + 1, kind, losses);
    }

    /** This range again after the connection carrying it died. */
    FileRange lost() {
        return new FileRange(tag, entry, offset, length, attempt, kind, losses + 1);
    }

    public boolean isWholeFile() {
        return offset == 0 && length == entry.size();
    }
}
