package dev.swarmnet.internal.wire;

/** The numbers of the wire protocol; docs/PROTOCOL.md explains each. */
public final class Protocol {
    /** "SWNT" in ASCII: the first four bytes each side sends. */
    public static final int MAGIC = 0x53574E54;
    public static final int VERSION = 1;
    /** Magic (4) + version (1) + status or flags (1) + extension length (2). */
    public static final int HELLO_SIZE = 8;
    /** Body length (4) + frame type (1). */
    public static final int FRAME_HEADER_SIZE = 5;
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
    /** Smallest maximum frame size a peer may be configured with: room for any control frame. */
    public static final int MIN_MAX_FRAME_SIZE = 4096;
    public static final int MAX_NAME_BYTES = 1024;
    public static final int MAX_PATH_BYTES = 4096;
    /** Room for an ERROR frame's message within {@link #MIN_MAX_FRAME_SIZE}. */
    public static final int MAX_ERROR_MESSAGE_BYTES = 2048;
    public static final int MAX_HELLO_EXTENSION = 4096;

    public static final int STATUS_READY = 0;
    public static final int STATUS_REFUSED = 1;

    public static final int PING = 0x01;
    public static final int PONG = 0x02;
    /** Gateway to client, empty: "still working on your request"; skipped wherever it arrives. */
    public static final int KEEPALIVE = 0x0E;
    public static final int BATCH_CALL = 0x10;
    public static final int SEND_CALL = 0x11;
    public static final int STREAM_CALL = 0x12;
    public static final int BATCH_RESULT = 0x20;
    public static final int SEND_RESULT = 0x21;
    public static final int STREAM_CHUNK = 0x22;
    public static final int STREAM_END = 0x23;
    public static final int STREAM_CREDIT = 0x24;
    public static final int STREAM_CANCEL = 0x25;
    public static final int CLOSE_HANDLER = 0x30;
    public static final int CLOSE_GATEWAY = 0x31;
    public static final int BYE = 0x32;
    /** Gateway to client, after a client hello that answered the authentication challenge: the gateway's proof. */
    public static final int AUTH_OK = 0x50;
    public static final int FILE_LIST = 0x40;
    /** Gateway to client: the next listed files of a FILE_LIST (one or more parts, then FILE_LIST_END). */
    public static final int FILE_LIST_PART = 0x41;
    public static final int FILE_GET = 0x42;
    public static final int FILE_DATA = 0x43;
    public static final int FILE_DONE = 0x44;
    public static final int FILE_FAILED = 0x45;
    public static final int FILE_PUT = 0x46;
    public static final int FILE_ACK = 0x47;
    public static final int FILE_PUT_RANGE = 0x48;
    public static final int FILE_PUT_COMMIT = 0x49;
    /** Client to gateway: which verified ranges of a striped upload are held (to resume it). */
    public static final int FILE_PUT_QUERY = 0x4A;
    /** Gateway to client: the answer to FILE_PUT_QUERY. */
    public static final int FILE_PUT_HAVE = 0x4B;
    /** Client to gateway: FILE_GET for a batch that retries a range; the gateway checksums every body afresh. */
    public static final int FILE_REGET = 0x4C;
    /** Gateway to client: the listing is complete (counts of files and bytes, for the client to check). */
    public static final int FILE_LIST_END = 0x4D;
    /** Client to gateway: what stands at some upload destinations (to skip files already there). */
    public static final int FILE_STAT = 0x4E;
    /** Gateway to client: the answer to FILE_STAT, one state per destination. */
    public static final int FILE_STATS = 0x4F;
    /** Client to gateway: the CRC32C of whole files, shared or at upload destinations (checksum mode). */
    public static final int FILE_SUM = 0x51;
    /** Gateway to client: the answer to FILE_SUM, one checksum per name. */
    public static final int FILE_SUMS = 0x52;
    /** Client to gateway, after a tree's files: make a folder and set its time and bits; answered with FILE_ACK. */
    public static final int FILE_PUT_FOLDER = 0x53;
    public static final int ERROR = 0x7F;

    /** FILE_DONE status: the bytes are the file as it was listed. */
    public static final int FILE_INTACT = 0;
    /** FILE_DONE status: the file changed while it was sent; the receiver must discard the bytes. */
    public static final int FILE_CHANGED = 1;

    public static final int END_COMPLETED = 0;
    public static final int END_CANCELLED = 1;

    /** Flow-control cost of a chunk beyond its payload, so that empty chunks still use credit. */
    public static final int CHUNK_CREDIT_OVERHEAD = 16;
    public static final int DEFAULT_STREAM_WINDOW = 1024 * 1024;

    private Protocol() {
    }

    /** The credit a chunk of {@code payloadLength} bytes uses. */
    public static long chunkCost(int payloadLength) {
        return (long) payloadLength + CHUNK_CREDIT_OVERHEAD;
    }
}
