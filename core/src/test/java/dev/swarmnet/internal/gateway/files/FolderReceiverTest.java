package dev.swarmnet.internal.gateway.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.wire.files.FileFrames;
import dev.swarmnet.internal.wire.files.FolderFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client may make of the gateway's download folder with FILE_PUT_FOLDER: folders inside it, safe bits. */
class FolderReceiverTest {
    @TempDir
    Path tmp;

    private Path inbox;
    private TargetFolders uploads;

    @BeforeEach
    void setUp() throws Exception {
        inbox = tmp.resolve("inbox");
        uploads = TargetFolders.open(inbox);
    }

    @AfterEach
    void tearDown() {
        uploads.close();
    }

    @Test
    void aFolderIsMadeWithItsTimeAndTheBitsAnUploadMaySet() throws Exception {
        long mtime = 1_600_000_000_123_456_789L;
        assertThat(place("up", "a/b", mtime, 0777).code()).isZero();
        assertThat(Files.getLastModifiedTime(inbox.resolve("up/a/b")).to(TimeUnit.NANOSECONDS)).isEqualTo(mtime);
        assertThat(mode("up/a/b")).as("never write access for group and others").isEqualTo("rwxr-xr-x");

        assertThat(place("up", "a/b", mtime, 0500).code()).as("an existing folder is fine").isZero();
        assertThat(mode("up/a/b")).as("the gateway keeps full access").isEqualTo("rwx------");

        assertThat(place("up", "a/c", mtime, FileModes.NONE).code()).isZero();
        assertThat(Files.getLastModifiedTime(inbox.resolve("up/a/c"))).isEqualTo(FileTime.from(mtime, TimeUnit.NANOSECONDS));
    }

    @Test
    void noFolderOutsideTheDownloadFolderNorThroughALink() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(inbox.resolve("link"), outside);

        for (String[] at : new String[][] {{"", "../escaped"}, {"..", "escaped"}, {"", "/tmp/escaped"},
                {"link", "inner"}, {"", "link/inner"}, {"a/../..", "escaped"}}) {
            FileFrames.Outcome o = place(at[0], at[1], 0, 0755);
            assertThat(o.errorCode()).as("%s / %s: %s", at[0], at[1], o.message()).isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertThat(Files.exists(tmp.resolve("escaped"))).isFalse();
        assertThat(Files.exists(outside.resolve("inner"))).isFalse();
        assertThat(Files.getPosixFilePermissions(outside)).isNotEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aFileWhereTheFolderIsToBeFailsThatFolder() throws Exception {
        Files.writeString(inbox.resolve("taken"), "a file");
        FileFrames.Outcome o = place("", "taken", 0, 0755);
        assertThat(o.errorCode()).isEqualTo(ErrorCode.TRANSFER_FAILED);
        assertThat(o.message()).contains("a file stands where the folder is to be");
        assertThat(Files.readString(inbox.resolve("taken"))).isEqualTo("a file");
    }

    private FileFrames.Outcome place(String dirname, String dest, long mtime, int mode) {
        return FolderReceiver.place(uploads, new FolderFrames.PutFolder(7, dirname, dest, mtime, mode));
    }

    private String mode(String relative) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(inbox.resolve(relative)));
    }
}
