package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileFailure;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.client.Operation;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.wire.files.FileFrames;
import dev.swarmnet.internal.wire.files.FolderFrames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Places the folders of an uploaded tree once its files are in (FILE_PUT_FOLDER), as a download places its
 * folders: children before their parents (the reverse of the walk's order), so that a parent's time is set after
 * everything that changes it. Pipelined as files are: a window of unanswered frames, no round trip per folder.
 */
final class FolderPlacement {
    /** Unanswered FILE_PUT_FOLDERs: their FILE_ACKs (tens of bytes each) always fit the socket buffers. */
    private static final int WINDOW = 256;
    /** How a report names the upload's dirname itself (a folder's dest ""). */
    static final String DIRNAME_ITSELF = ".";

    private FolderPlacement() {
    }

    /**
     * Places {@code folders} (in the walk's order) below {@code dirname} over {@code connection} (null: none was
     * left), held for {@code operation}; the folders that could not be placed, with the gateway's reason. A
     * connection that fails meanwhile is closed, and the folders not answered yet fail with the reason.
     */
    static List<FileFailure> place(Operation operation, Connection connection, String dirname,
            List<UploadFolder> folders) {
        List<FileFailure> failed = new ArrayList<>();
        int[] answered = {0};
        String lost = "no connection was left to make it";
        if (connection != null) {
            try (Operation.Hold hold = operation.hold(connection)) {
                placeAll(connection, dirname, folders, failed, answered);
                return failed;
            } catch (IOException e) {
                lost = "the connection was lost (" + (e.getMessage() != null ? e.getMessage() : e) + ")";
                connection.close();
            }
        }
        for (int i = answered[0]; i < folders.size(); i++) {
            failed.add(new FileFailure(shown(folders.get(folders.size() - 1 - i)), lost));
        }
        return failed;
    }

    private static void placeAll(Connection connection, String dirname, List<UploadFolder> folders,
            List<FileFailure> failed, int[] answeredSoFar) throws IOException {
        int sent = 0;
        int answered = 0;
        while (answered < folders.size()) {
            while (sent < folders.size() && sent - answered < WINDOW) {
                FolderFrames.PutFolder frame = frame(sent, dirname, folders.get(folders.size() - 1 - sent));
                connection.writer().append(sink -> FolderFrames.putFolder(sink, frame));
                sent++;
            }
            connection.writer().flush();
            while (answered < sent) {
                if (connection.next() != Protocol.FILE_ACK) {
                    throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "expected FILE_ACK"));
                }
                FileFrames.Outcome ack = connection.read(FileFrames::readOutcome);
                if (ack.tag() != answered) {
                    throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_ACK out of order"));
                }
                if (ack.code() != 0) {
                    failed.add(new FileFailure(shown(folders.get(folders.size() - 1 - answered)),
                            ack.errorCode() + ": " + ack.message()));
                }
                answered++;
                answeredSoFar[0] = answered;
            }
        }
    }

    /** How a report names a folder: by its dest, the dirname itself as {@link #DIRNAME_ITSELF}. */
    static String shown(UploadFolder folder) {
        return folder.dest().isEmpty() ? DIRNAME_ITSELF : folder.dest();
    }

    /** The frame for one folder; the dirname itself is its last name below its parent. */
    private static FolderFrames.PutFolder frame(int tag, String dirname, UploadFolder folder) {
        if (!folder.dest().isEmpty()) {
            return new FolderFrames.PutFolder(tag, dirname, folder.dest(), folder.mtimeNanos(), folder.mode());
        }
        String trimmed = dirname;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        int slash = trimmed.lastIndexOf('/');
        return new FolderFrames.PutFolder(tag, slash < 0 ? "" : trimmed.substring(0, slash),
                trimmed.substring(slash + 1), folder.mtimeNanos(), folder.mode());
    }
}
