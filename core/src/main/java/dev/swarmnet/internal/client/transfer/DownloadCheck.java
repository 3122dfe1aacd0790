package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ExistingFiles;
import dev.swarmnet.internal.files.TargetFolders;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Whether a listed file's destination already holds it ({@link QuickCheck}), looked at as the download will
 * write it: one name at a time from the download folder, never through a link. Cheap where nothing can be
 * there: a download folder that was empty (or missing) when the download began is not looked at again, and a
 * folder found missing is remembered (anything in it later is this download's own). Thread-safe.
 */
final class DownloadCheck {
    private final ExistingFiles policy;
    /** In checksum mode, the files found to be here already ({@link DownloadContentCheck}); else empty. */
    private final Set<DownloadContentCheck.Key> sameContent;
    private final Set<String> missingFolders = ConcurrentHashMap.newKeySet();
    /** Whether the download folder held nothing when the download began, before any file was written. */
    private final boolean emptyAtStart;

    DownloadCheck(ExistingFiles policy, Path downloadDir) {
        this(policy, downloadDir, Set.of());
    }

    DownloadCheck(ExistingFiles policy, Path downloadDir, Set<DownloadContentCheck.Key> sameContent) {
        this.policy = policy;
        this.sameContent = Set.copyOf(sameContent);
        this.emptyAtStart = policy == ExistingFiles.REPLACE || isEmpty(downloadDir);
    }

    /** Whether {@code entry} need not be fetched; a path the download would refuse is fetched (and refused). */
    boolean upToDate(FileEntry entry, TargetFolders folders) {
        if (policy == ExistingFiles.SKIP_SAME_CONTENT) {
            return sameContent.contains(DownloadContentCheck.Key.of(entry));
        }
        if (policy == ExistingFiles.REPLACE || emptyAtStart) {
            return false;
        }
        String dest = entry.dest();
        String folder = dest.substring(0, Math.max(0, dest.lastIndexOf('/')));
        if (missingFolders.contains(folder)) {
            return false;
        }
        try (TargetFolders.Target at = folders.existing("", dest, 0)) {
            if (at == null) {
                missingFolders.add(folder);
                return false;
            }
            BasicFileAttributes a = at.folder().stat(at.name());
            return QuickCheck.upToDate(policy, entry.size(), entry.mtimeNanos(), a.isRegularFile(), a.size(),
                    a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (IOException | RuntimeException e) {
            return false; // nothing there, or a path the download refuses: it says why
        }
    }

    private static boolean isEmpty(Path folder) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            return !entries.iterator().hasNext();
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // looked at file by file, as the download writes them
        }
    }
}
