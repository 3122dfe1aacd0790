package dev.swarmnet.internal.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folders of one transfer's destination tree below a real download folder, each created and checked
 * (see {@link UploadTarget}) the first time a file needs it and remembered for the rest of the transfer: ten
 * thousand files in one folder cost one check, not ten thousand. Safe for the lanes of a swarm to share.
 *
 * <p>What is remembered is trusted until the transfer ends: someone who swaps a checked folder for a link
 * meanwhile must be able to write to the download folder already.
 */
public final class TargetFolders {
    private final Path root;
    private final Map<String, Path> folders = new ConcurrentHashMap<>();

    /** @param realRoot the download folder as {@link UploadTarget#realRoot} gave it */
    public TargetFolders(Path realRoot) {
        this.root = Objects.requireNonNull(realRoot, "realRoot");
    }

    /**
     * Where {@code dirname/relativeName} is to be written: its parent folders exist and lie inside the root; the
     * file itself is neither created nor looked at.
     *
     * @throws ForbiddenPathException if a name is malformed or a folder on the way leads outside the root
     */
    public Path target(String dirname, String relativeName) throws IOException {
        List<String> names = UploadTarget.checkedNames(dirname, relativeName);
        String shown = dirname.isEmpty() ? relativeName : dirname + "/" + relativeName;
        Path parent = root;
        StringBuilder key = new StringBuilder();
        for (String folder : names.subList(0, names.size() - 1)) {
            key.append(folder).append('/');
            Path known = folders.get(key.toString());
            if (known == null) {
                known = UploadTarget.enterOrCreate(root, parent, folder, shown);
                folders.put(key.toString(), known);
            }
            parent = known;
        }
        return RequestedPath.child(parent, names.get(names.size() - 1), shown);
    }
}
