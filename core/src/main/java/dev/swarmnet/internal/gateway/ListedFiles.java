package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.files.SharedFile;
import java.util.HashMap;
import java.util.Map;

/**
 * The files a handler's last listing named, as its walk found them inside the shares (real path and
 * attributes). The FILE_GET batches that follow ask for them by the listed name, and each name is served
 * once from here instead of being resolved again through the shares: on many small files that walk and its
 * {@code lstat} were a tenth of the gateway's work. The attributes are the send's "before", so a file
 * changed since the listing is flagged as changed, and the client's retry resolves it afresh.
 *
 * <p>Trusting the walk until the file is sent stays within {@link dev.swarmnet.internal.files.Shares}'s
 * threat model: only a local user who can swap folders for links inside a share could change what a listed
 * name leads to, and the file itself is opened without following a link. Bounded by the gateway's
 * maxFilesPerQuery; forgotten at the next listing. One handler thread uses it.
 */
final class ListedFiles {
    private final Map<String, SharedFile> byName = new HashMap<>();

    /** Forgets the previous listing. */
    void clear() {
        byName.clear();
    }

    /** Remembers one listed file under the name the listing gave the client. */
    void remember(String listedName, SharedFile file) {
        byName.put(listedName, file);
    }

    /** The listed file by that name, forgotten as it is handed out; null when not (or no longer) listed. */
    SharedFile take(String listedName) {
        return byName.remove(listedName);
    }
}
