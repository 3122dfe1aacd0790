package dev.swarmnet.internal.gateway.files;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.ForbiddenPathException;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.transfer.FileReceiver;
import dev.swarmnet.internal.wire.files.FileFrames;
import dev.swarmnet.internal.wire.files.FolderFrames;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;

/**
 * The gateway's side of FILE_PUT_FOLDER: a folder of an uploaded tree made inside the download folder (reached
 * name by name, never through a link, as an upload's file is) and given its time and bits. The bits are those an
 * upload may set ({@link FileModes#forUploadedFolder}): never setuid, setgid or sticky, never write access for
 * group or others, always full access for the gateway itself.
 */
public final class FolderReceiver {
    private FolderReceiver() {
    }

    /** Places one folder; the outcome says why it could not be. */
    public static FileFrames.Outcome place(TargetFolders uploads, FolderFrames.PutFolder f) {
        try (TargetFolders.Target target = uploads.target(f.dirname(), f.dest(), 0)) {
            target.folder().createFolder(target.name()).close();
            target.folder().setModifiedTime(target.name(), FileModes.time(f.mtimeNanos()));
            int mode = FileModes.forUploadedFolder(f.mode());
            if (mode != FileModes.NONE) {
                target.folder().setPermissions(target.name(), mode);
            }
            return new FileFrames.Outcome(f.tag(), 0, "");
        } catch (ForbiddenPathException e) {
            return failed(f, ErrorCode.FORBIDDEN, e.getMessage());
        } catch (FileAlreadyExistsException e) {
            return failed(f, ErrorCode.TRANSFER_FAILED, "cannot make the folder " + f.dest()
                    + ": a file stands where the folder is to be");
        } catch (IOException e) {
            return failed(f, ErrorCode.TRANSFER_FAILED, "cannot make the folder " + f.dest() + ": "
                    + FileReceiver.reason(e));
        }
    }

    private static FileFrames.Outcome failed(FolderFrames.PutFolder f, ErrorCode code, String message) {
        return new FileFrames.Outcome(f.tag(), code.wireCode(), message);
    }
}
