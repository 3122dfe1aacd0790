package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.internal.files.AttributeReader;
import dev.swarmnet.internal.files.ExactNames;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.FileSelector;
import dev.swarmnet.internal.files.Folder;
import dev.swarmnet.internal.files.QueryBudget;
import dev.swarmnet.internal.transfer.FileReceiver;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A local folder to upload, walked as a gateway walks a shared folder for a download ({@link FileSelector}):
 * the same filters, the same order, through folder handles, links never followed (a link cannot lead the walk
 * out of the tree), links and special files reported as skipped. Each file keeps its path relative to the folder.
 */
final class LocalTree {
    /** Files handed out by the walk at a time. */
    private static final int PART = 1024;
    static final String UNREADABLE = "cannot read it";

    private LocalTree() {
    }

    /**
     * What {@code query} selects in the local folder {@code query.folder()}, to land below {@code dirname}. Without
     * a regex or globs the sub-folders are placed too, and the folder's own time and bits go to {@code dirname}
     * (unless it is the download folder itself).
     *
     * @throws NotDirectoryException    if the folder is not a folder
     * @throws IllegalArgumentException if its path is not valid UTF-8, or the query is a list of files
     */
    static UploadSet walk(String dirname, FileQuery query) throws IOException {
        if (query.folder() == null) {
            throw new IllegalArgumentException("a folder upload needs FileQuery.folder(...), not a list of files");
        }
        Path root = Path.of(query.folder());
        if (!ExactNames.isExact(root)) {
            throw new IllegalArgumentException("the folder's path is not valid UTF-8: " + ExactNames.shown(root));
        }
        BasicFileAttributes rootAttrs = FileModes.readLocal(root);
        if (!rootAttrs.isDirectory()) {
            throw new NotDirectoryException(root.toString());
        }
        String selection = query.selection();
        Pattern regex = selection == null ? null : Pattern.compile(selection);
        List<LocalFile> files = new ArrayList<>();
        List<UploadFolder> folders = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        List<FileFailure> failed = new ArrayList<>();
        if (regex == null && !dirname.replace("/", "").isEmpty()) {
            folders.add(new UploadFolder("", FileModes.nanos(rootAttrs.lastModifiedTime()), FileModes.of(rootAttrs)));
        }
        try (FileSelector walk = new FileSelector(Folder.open(root), 0, root, "", regex, query.isRecursive(),
                QueryBudget.forFiles(Integer.MAX_VALUE), AttributeReader.SERIAL)) {
            List<FileSelector.SelectedFile> part;
            do {
                part = walk.next(PART);
                for (FileSelector.SelectedFile f : part) {
                    files.add(new LocalFile(root.resolve(f.relativePath()), f.relativePath(), f.file().attrs()));
                }
                for (FileSelector.Other o : walk.takeOthers()) {
                    switch (o.kind()) {
                        case FOLDER -> folders.add(new UploadFolder(o.relativePath(),
                                FileModes.nanos(o.attrs().lastModifiedTime()), FileModes.of(o.attrs())));
                        case FAILED -> failed.add(new FileFailure(o.relativePath(), LocalNames.NOT_UTF8));
                        case LINK -> skipped.add(new SkippedFile(o.relativePath(), FileSelector.LINK)); // not asked for
                        case SKIPPED -> {
                            if (FileSelector.UNREADABLE.equals(o.reason())) {
                                failed.add(new FileFailure(o.relativePath(), unreadable(root, o.relativePath())));
                            } else {
                                skipped.add(new SkippedFile(o.relativePath(), o.reason()));
                            }
                        }
                    }
                }
            } while (!part.isEmpty());
        }
        return new UploadSet(dirname, files, folders, skipped, failed);
    }

    /** Why an entry the walk could not read fails: in the system's words, asked again (the walk keeps none). */
    private static String unreadable(Path root, String relative) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(relative))) {
            return UNREADABLE; // readable by now
        } catch (IOException e) {
            return UNREADABLE + ": " + FileReceiver.reason(e);
        }
    }
}
