package dev.swarmnet.internal.transfer;

/**
 * A piece of work: bytes {@code [offset, offset + length)} of one file, tagged so that the reply can
 * be matched to it. A small file is one range; a large one is striped into several.
 */
public record FileRange(int tag, FileEntry entry, long offset, long length, int attempt) {
    public FileRange retried() {
        return new FileRange(tag, entry, offset, length, attempt + 1);
    }

    public boolean isWholeFile() {
        return offset == 0 && length == entry.size();
    }
}
