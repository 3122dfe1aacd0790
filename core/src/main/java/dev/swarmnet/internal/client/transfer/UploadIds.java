package dev.swarmnet.internal.client.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ids striped uploads are known by on the gateway. The id is what lets a connection add to, ask about or
 * commit an upload's kept pieces, so nobody else may guess it: by default each sending draws one from a
 * {@link SecureRandom} (the upload continues within its transfer only); with a key kept in a file, the id is a
 * keyed digest (HMAC-SHA256) of what names the sending — the destination, the local file and its version — so
 * the next run of the same upload, from any process holding the key, finds the pieces again and sends only what
 * they miss.
 */
public final class UploadIds {
    /** Fresh random ids: nothing continues across runs. */
    public static final UploadIds RANDOM = new UploadIds(null);
    static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOMNESS = new SecureRandom();

    private final byte[] key;

    private UploadIds(byte[] key) {
        this.key = key;
    }

    /**
     * Ids keyed by the key in {@code keyFile}, which is created (owner-only, 32 random bytes) when missing.
     *
     * @throws IOException if the file cannot be read or made, or does not hold a key
     */
    public static UploadIds fromKeyFile(Path keyFile) throws IOException {
        Objects.requireNonNull(keyFile, "keyFile");
        return new UploadIds(loadOrCreate(keyFile));
    }

    /** Whether an upload's id is the same in the next run: then it asks what the gateway kept before sending. */
    boolean acrossRuns() {
        return key != null;
    }

    /** The id of sending {@code entry} into {@code dirname}. */
    long idFor(String dirname, FileEntry entry) {
        if (key == null) {
            return RANDOMNESS.nextLong();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (String part : new String[] {dirname, entry.dest(), Path.of(entry.source()).toAbsolutePath().toString()}) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0);
            }
            mac.update(ByteBuffer.allocate(16).putLong(entry.size()).putLong(entry.mtimeNanos()).flip());
            return ByteBuffer.wrap(mac.doFinal()).getLong();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static byte[] loadOrCreate(Path keyFile) throws IOException {
        if (!Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
            create(keyFile);
        }
        byte[] key = Files.readAllBytes(keyFile);
        if (key.length != KEY_BYTES) {
            throw new IOException(keyFile + " does not hold a resume key (" + KEY_BYTES + " bytes, got "
                    + key.length + "); delete it to make a new one");
        }
        return key;
    }

    /**
     * A new key, written under a temporary name and linked into place (a link, unlike a rename, never replaces a
     * key another process made meanwhile): a reader never sees half a key.
     */
    private static void create(Path keyFile) throws IOException {
        Path folder = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, ".resume-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            byte[] key = new byte[KEY_BYTES];
            RANDOMNESS.nextBytes(key);
            Files.write(temp, key);
            Arrays.fill(key, (byte) 0);
            try {
                Files.createLink(keyFile, temp);
            } catch (FileAlreadyExistsException raced) {
                // another process made it first: theirs is the key
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
