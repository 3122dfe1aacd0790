package dev.swarmnet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.FileQuery;
import dev.swarmnet.internal.wire.files.FileFrames;
import dev.swarmnet.internal.wire.files.SumFrames;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.Utf8;
import dev.swarmnet.support.Encoded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads frames the way the gateway's handler and the client's connection do: every type with the decoder
 * its receiver uses, file headers followed by their raw body and trailer. Each decoded FILE_* frame is encoded
 * again with the library's encoder and decoded once more: it must come back the same (the encoders and decoders
 * agree on every frame a decoder accepts).
 */
final class WireDecoding {
    private WireDecoding() {
    }

    static FrameReader reader(byte[] input, int maxFrameSize) {
        return new FrameReader(new ByteArrayInputStream(input), maxFrameSize);
    }

    /** Decodes frames until the input ends or a decoder refuses it; those exceptions are the caller's. */
    static void decodeAll(FrameReader r) throws IOException {
        while (true) {
            decodeOne(r, r.next());
            assertThat(r.remaining()).isGreaterThanOrEqualTo(0);
        }
    }

    private static void decodeOne(FrameReader r, int type) throws IOException {
        switch (type) {
            case Protocol.PING:
            case Protocol.BATCH_RESULT:
                r.readRest();
                break;
            case Protocol.PONG:
                r.readUtf8(r.remaining());
                break;
            case Protocol.BATCH_CALL:
                name(r);
                r.readSized();
                break;
            case Protocol.SEND_CALL:
                name(r);
                r.readSized();
                r.readRest();
                break;
            case Protocol.STREAM_CALL:
                r.readInt();
                name(r);
                r.readSized();
                break;
            case Protocol.SEND_RESULT:
            case Protocol.STREAM_CREDIT:
                r.readInt();
                break;
            case Protocol.STREAM_CHUNK:
                r.readLong();
                r.readRest();
                break;
            case Protocol.STREAM_END:
                r.readUnsignedByte();
                break;
            case Protocol.ERROR:
                r.readUnsignedShort();
                assertThat(Utf8.encode(r.readUtf8(r.remaining()))).hasSizeLessThanOrEqualTo(Protocol.DEFAULT_MAX_FRAME_SIZE);
                break;
            case Protocol.FILE_LIST:
                roundTripList(FileFrames.readList(r));
                break;
            case Protocol.FILE_LIST_PART:
                roundTripListPart(FileFrames.readListPart(r));
                break;
            case Protocol.FILE_LIST_END:
                FileFrames.ListEnd end = FileFrames.readListEnd(r);
                assertThat(again(s -> FileFrames.listEnd(s, end), FileFrames::readListEnd)).isEqualTo(end);
                break;
            case Protocol.FILE_GET:
            case Protocol.FILE_REGET:
                roundTripGet(FileFrames.readGet(r), type == Protocol.FILE_REGET);
                break;
            case Protocol.FILE_DATA:
                FileFrames.DataHeader data = FileFrames.readData(r);
                assertThat(again(s -> FileFrames.data(s, data), FileFrames::readData)).isEqualTo(data);
                assertThat(data.offset() + data.length()).as("range end").isNotNegative();
                body(r, data.tag(), data.length());
                break;
            case Protocol.FILE_PUT:
                FileFrames.PutHeader put = FileFrames.readPut(r);
                assertThat(again(s -> FileFrames.put(s, put), FileFrames::readPut)).isEqualTo(put);
                body(r, put.tag(), put.size());
                break;
            case Protocol.FILE_DONE:
                FileFrames.Trailer done = FileFrames.readDone(r);
                assertThat(again(s -> FileFrames.done(s, done), FileFrames::readDone)).isEqualTo(done);
                break;
            case Protocol.FILE_FAILED:
            case Protocol.FILE_ACK:
                FileFrames.Outcome outcome = FileFrames.readOutcome(r);
                // the encoder keeps a message within 2048 bytes, cut on a character boundary
                String kept = Utf8.decode(Frames.messageText(outcome.message()));
                assertThat(outcome.message()).startsWith(kept);
                assertThat(again(s -> FileFrames.outcome(s, type, outcome), FileFrames::readOutcome))
                        .isEqualTo(new FileFrames.Outcome(outcome.tag(), outcome.code(), kept));
                break;
            case Protocol.FILE_PUT_QUERY:
                FileFrames.PutQuery query = FileFrames.readPutQuery(r);
                assertThat(again(s -> FileFrames.putQuery(s, query), FileFrames::readPutQuery)).isEqualTo(query);
                break;
            case Protocol.FILE_PUT_HAVE:
                FileFrames.Have have = FileFrames.readHave(r);
                String said = Utf8.decode(Frames.messageText(have.message()));
                assertThat(have.spans()).allSatisfy(span -> assertThat(span.offset() + span.length()).isNotNegative());
                assertThat(again(s -> FileFrames.have(s, have), FileFrames::readHave))
                        .isEqualTo(new FileFrames.Have(have.tag(), have.code(), have.spans(), said));
                break;
            case Protocol.FILE_SUM:
                SumFrames.Request sum = SumFrames.readRequest(r);
                assertThat(sum.items()).hasSizeLessThanOrEqualTo(SumFrames.MAX_NAMES);
                assertThat(again(s -> SumFrames.request(s, sum), SumFrames::readRequest)).isEqualTo(sum);
                break;
            default:
                break; // empty-bodied types, and unknown ones: the next call of next() skips the body
        }
    }

    private static void name(FrameReader r) throws IOException {
        assertThat(Utf8.encode(r.readName())).hasSizeLessThanOrEqualTo(Protocol.MAX_NAME_BYTES);
    }

    /** A raw body after its header, then its FILE_DONE, as FileReceiver reads them (discarding the bytes). */
    private static void body(FrameReader r, int tag, long length) throws IOException {
        assertThat(r.copyRaw(length, null, 0, new CRC32C(), n -> assertThat(n).isPositive())).isNull();
        if (r.next() == Protocol.FILE_DONE) {
            FileFrames.Trailer trailer = FileFrames.readDone(r);
            assertThat(trailer.status()).isBetween(0, 255);
            trailer.tag(); // the receiver compares it with {@code tag}; either way the frame was read
        }
    }

    private static void roundTripList(FileQuery q) throws IOException {
        FileQuery back = again(s -> FileFrames.list(s, q), FileFrames::readList);
        assertThat(back.toString()).isEqualTo(q.toString());
        assertThat(back.files()).isEqualTo(q.files());
    }

    /** A listing part encoded again: as one part or several (a part is cut at about 64 KiB), the same files. */
    private static void roundTripListPart(List<FileFrames.Listed> listed) throws IOException {
        FrameReader r = reader(Encoded.frames(s -> FileFrames.listParts(s, listed)), Integer.MAX_VALUE);
        List<FileFrames.Listed> back = new ArrayList<>();
        while (back.size() < listed.size()) {
            assertThat(r.next()).isEqualTo(Protocol.FILE_LIST_PART);
            back.addAll(FileFrames.readListPart(r));
        }
        assertThat(back).isEqualTo(listed);
    }

    /** A FILE_GET read, encoded again (as a FILE_REGET if it was one). */
    private static void roundTripGet(List<FileFrames.GetItem> items, boolean reget) throws IOException {
        for (FileFrames.GetItem item : items) {
            assertThat(item.offset() + item.length()).as("range end").isNotNegative();
        }
        assertThat(again(s -> FileFrames.get(s, items, reget), FileFrames::readGet)).isEqualTo(items);
    }

    /**
     * Encodes with {@code encoder}, then reads the one frame back with {@code decoder}, which must accept it:
     * a refusal here is a finding, not one of the expected exceptions of the input.
     */
    private static <T> T again(dev.swarmnet.internal.wire.FrameEncoder encoder, Decoder<T> decoder) {
        try {
            FrameReader r = reader(Encoded.frames(encoder), Integer.MAX_VALUE);
            r.next();
            T value = decoder.decode(r);
            assertThat(r.remaining()).as("bytes the decoder left unread of what the encoder wrote").isZero();
            return value;
        } catch (IOException e) {
            throw new AssertionError("the decoder refused what the encoder wrote: " + e, e);
        }
    }

    @FunctionalInterface
    interface Decoder<T> {
        T decode(FrameReader r) throws IOException;
    }
}
