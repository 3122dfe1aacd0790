package dev.swarmnet.internal.transfer;

/**
 * A piece of work: bytes {@code [offset, offset + length)} of one file, tagged so that the reply can
 * be matched to it. A small file is one range; a large one is striped into several. An upload striped
 * over a swarm ends with one more piece of work, its {@code commit}, once every range is acknowledged.
 */
public record FileRange(int tag, FileEntry entry, long offset, long length, int attempt, boolean commit) {
    public FileRange(int tag, FileEntry entry, long offset, long length, int attempt) {
        this(tag, entry, offset, length, attempt, false);
    }

    /** The commit of a striped upload: no bytes, only the request to take the file's name. */
    static FileRange commitOf(int tag, FileEntry entry) {
        return new FileRange(tag, entry, 0, 0, 0, true);
    }

    public FileRange retried() {
        return new FileRange(tag, entry, offset, length, attempt + 1, commit);
    }

    public boolean isWholeFile() {
        return offset == 0 && length == entry.size();
    }
}
