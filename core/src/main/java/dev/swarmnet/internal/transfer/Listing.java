package dev.swarmnet.internal.transfer;

import dev.swarmnet.FileQuery;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.util.List;

/** Asks a gateway which files a query selects (one round trip, before any file moves). */
public final class Listing {
    private Listing() {
    }

    public static List<FileEntry> fetch(Connection connection, FileQuery query) throws IOException {
        connection.send(sink -> FileFrames.list(sink, query));
        connection.expect(Protocol.FILE_LIST_RESULT);
        return connection.read(FileFrames::readListResult);
    }
}
