package dev.swarmnet.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real folder tree for tests of whole-tree transfers: files of the same name in different folders, an empty
 * folder, distinct modes (0600, 0755, ...) and nanosecond modification times on files and folders, a link
 * inside the tree and two leading out of it (to a file, to a folder), a FIFO and a file whose name is not valid UTF-8 (made by child
 * processes: Java cannot make either). And the comparison of a delivered copy with it, entry by entry.
 */
public final class SampleTree {
    /** The regular files a transfer delivers, by relative path. */
    public static final List<String> FILES = List.of("a/x", "b/x", "b/deep/x", "top.txt");
    /** The folders below the root, every one delivered (one of them empty). */
    public static final List<String> FOLDERS = List.of("a", "b", "b/deep", "c", "empty");
    /** Entries a transfer must skip and report, with the reason it gives. */
    public static final Map<String, String> SKIPPED = Map.of("a/link-in", "a link", "b/link-out", "a link",
            "c/folder-out", "a link", "c/fifo", "a special file");
    /** The file whose name is not valid UTF-8, as a report shows it. */
    public static final String NOT_UTF8 = "c/bad\\xffname";

    private static final Map<String, String> MODES = Map.of("a/x", "rw-------", "b/x", "rwxr-xr-x",
            "b/deep/x", "rw-r-----", "top.txt", "rw-r--r--", "a", "rwxr-xr-x", "b", "rwxr-x---",
            "b/deep", "rwx------", "c", "rwxr-xr-x", "empty", "rwxr-xr-x", "", "rwxr-x---");

    private SampleTree() {
    }

    /**
     * Makes the tree as {@code parent/name} (and, beside it, the file its outward link leads to) and returns it.
     */
    public static Path create(Path parent, String name) throws IOException, InterruptedException {
        Path root = Files.createDirectories(parent.resolve(name));
        Path outside = Files.writeString(parent.resolve(name + "-outside-secret.txt"), "never sent");
        Path outsideFolder = Files.createDirectories(parent.resolve(name + "-outside-folder"));
        Files.writeString(outsideFolder.resolve("secret.txt"), "never sent either");
        for (String folder : FOLDERS) {
            Files.createDirectories(root.resolve(folder));
        }
        for (String file : FILES) {
            Files.writeString(root.resolve(file), "contents of " + file + "\n".repeat(file.length()));
        }
        Files.createSymbolicLink(root.resolve("a/link-in"), Path.of("../top.txt"));
        Files.createSymbolicLink(root.resolve("b/link-out"), outside.toAbsolutePath());
        Files.createSymbolicLink(root.resolve("c/folder-out"), outsideFolder.toAbsolutePath());
        run(root, "mkfifo", "c/fifo");
        run(root, "bash", "-c", "printf bad > $'c/bad\\xffname'");
        List<String> all = new ArrayList<>(FILES);
        all.addAll(FOLDERS);
        all.add("");
        int i = 0;
        for (String entry : all) { // children before their parents: a folder's time is set after its content
            Path p = root.resolve(entry);
            Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(1_600_000_000L + 3_600 * i, 123_456_789 + i)));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(MODES.get(entry)));
            i++;
        }
        return root;
    }

    /**
     * How {@code copy} differs from {@code source}: every regular file and folder of the source (the root too)
     * must be in the copy with the same contents, permission bits and modification time (to the nanosecond),
     * and the copy must hold nothing else (no link, no special file, nothing from outside the tree).
     */
    public static List<String> differences(Path source, Path copy) throws IOException {
        Map<String, Path> expected = deliverable(source);
        Map<String, Path> found = entries(copy);
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, Path> e : expected.entrySet()) {
            Path there = found.get(e.getKey());
            if (there == null) {
                diffs.add(e.getKey() + ": missing");
                continue;
            }
            PosixFileAttributes want = attrs(e.getValue());
            PosixFileAttributes got = attrs(there);
            if (want.isDirectory() != got.isDirectory() || got.isSymbolicLink() || got.isOther()) {
                diffs.add(e.getKey() + ": not the same kind of entry");
                continue;
            }
            if (want.isRegularFile() && !Arrays.equals(Files.readAllBytes(e.getValue()), Files.readAllBytes(there))) {
                diffs.add(e.getKey() + ": other contents");
            }
            if (!want.permissions().equals(got.permissions())) {
                diffs.add(e.getKey() + ": mode " + PosixFilePermissions.toString(got.permissions()) + " instead of "
                        + PosixFilePermissions.toString(want.permissions()));
            }
            long wantTime = want.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            long gotTime = got.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            if (wantTime != gotTime) {
                diffs.add(e.getKey() + ": mtime " + gotTime + " instead of " + wantTime);
            }
        }
        for (String extra : found.keySet()) {
            if (!expected.containsKey(extra)) {
                diffs.add(extra + ": not in the source");
            }
        }
        return diffs;
    }

    /** The source's regular files and folders whose names are valid UTF-8, by relative path ("" the root). */
    private static Map<String, Path> deliverable(Path root) throws IOException {
        Map<String, Path> all = entries(root);
        all.values().removeIf(p -> {
            try {
                PosixFileAttributes a = attrs(p);
                return !(a.isRegularFile() || a.isDirectory()) || p.toString().contains("\uFFFD");
            } catch (IOException e) {
                return true;
            }
        });
        return all;
    }

    private static Map<String, Path> entries(Path root) throws IOException {
        Map<String, Path> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) { // links are not followed by Files.walk
            walk.forEach(p -> all.put(root.relativize(p).toString().replace('\\', '/'), p));
        }
        return all;
    }

    private static PosixFileAttributes attrs(Path p) throws IOException {
        return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue());
        }
    }
}
