package dev.swarmnet.internal.gateway.files;

import dev.swarmnet.internal.files.TargetFolders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's side of a striped-upload test: the download folder as its connections open it (one for the
 * whole test: a "restart" reuses it), and the registries the test made, whose connections are released at the
 * end so that no piece stays open.
 */
final class UploadConnections implements AutoCloseable {
    private final Path inbox;
    private final List<Object> connections;
    private final List<StripedUploads> registries = new ArrayList<>();
    private TargetFolders folders;

    UploadConnections(Path inbox, Object... connections) {
        this.inbox = inbox;
        this.connections = List.of(connections);
    }

    TargetFolders folders() throws IOException {
        if (folders == null) {
            folders = TargetFolders.open(inbox);
        }
        return folders;
    }

    /** {@code registry}, released at the end. */
    StripedUploads track(StripedUploads registry) {
        registries.add(registry);
        return registry;
    }

    @Override
    public void close() {
        for (StripedUploads registry : registries) {
            connections.forEach(registry::release);
        }
        if (folders != null) {
            folders.close();
        }
    }
}
