package dev.swarmnet.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.TransferReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a folder tree holds, for file-transfer tests: digests, temporaries, snapshots, and the files contract. */
public final class FileTrees {
    /** The suffix of every transfer temporary (and kept upload piece). */
    public static final String TEMPORARY_SUFFIX = ".swarmnet-part";
    private static final int BUFFER = 64 * 1024;

    private FileTrees() {
    }

    /**
     * Every regular file under {@code dir} (links not followed) by its '/'-separated relative path, with its
     * SHA-256. Empty if {@code dir} does not exist.
     */
    public static SortedMap<String, String> digests(Path dir) throws IOException {
        SortedMap<String, String> digests = new TreeMap<>();
        if (!Files.exists(dir)) {
            return digests;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    digests.put(relative(dir, p), sha256(p));
                }
            }
        }
        return digests;
    }

    /** Only the entries of {@code digests} whose relative path has no '/' (the top level of a folder). */
    public static SortedMap<String, String> topLevel(SortedMap<String, String> digests) {
        return digests.entrySet().stream().filter(e -> !e.getKey().contains("/"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** {@code dir}'s files with the given relative paths, by path, with their SHA-256. */
    public static SortedMap<String, String> digestsOf(Path dir, String... relativePaths) throws IOException {
        SortedMap<String, String> digests = new TreeMap<>();
        for (String rel : relativePaths) {
            digests.put(rel, sha256(dir.resolve(rel)));
        }
        return digests;
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** When the file last changed (its ctime: any write or utimes), in milliseconds; Unix only. */
    public static long changedMillis(Path file) {
        try {
            return ((java.nio.file.attribute.FileTime) Files.getAttribute(file, "unix:ctime")).toMillis();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Total size of the regular files directly or indirectly under {@code dir}. */
    public static long totalBytes(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    public static long mtimeMillis(Path file) throws IOException {
        return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
    }

    /** Every file under {@code dir} whose name marks it as a transfer's temporary file. */
    public static List<String> temporaries(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(TEMPORARY_SUFFIX))
                    .map(p -> relative(dir, p)).sorted().toList();
        }
    }

    /**
     * Everything under {@code dir}, links not followed: relative path, kind, and for regular files size and
     * SHA-256. Two snapshots are equal iff nothing was created, removed or changed.
     */
    public static SortedMap<String, String> snapshot(Path dir) throws IOException {
        SortedMap<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what = a.isSymbolicLink() ? "link -> " + Files.readSymbolicLink(p)
                        : a.isDirectory() ? "dir"
                        : a.isRegularFile() ? "file " + a.size() + " " + sha256(p) : "other";
                entries.put(relative(dir, p), what);
            }
        }
        return entries;
    }

    public static String relative(Path dir, Path p) {
        Path rel = dir.relativize(p);
        List<String> names = new ArrayList<>();
        rel.forEach(n -> names.add(n.toString()));
        return String.join("/", names);
    }

    /**
     * The honest-partial-result contract: every file of {@code source} is either delivered under its real
     * name with exactly the source's bytes, or listed in the report's failures; nothing else appears in
     * {@code dest}; the counts add up; and no temporary file is left.
     *
     * @return the relative paths that failed
     */
    public static Set<String> assertDeliveredOrListed(Path source, Path dest, TransferReport report) throws IOException {
        SortedMap<String, String> expected = digests(source);
        SortedMap<String, String> actual = digests(dest);
        Set<String> failed = report.failures().stream().map(f -> f.path()).collect(Collectors.toSet());
        assertThat(temporaries(dest)).as("temporary files left in %s", dest).isEmpty();
        assertThat(expected.keySet()).as("every failure names a file of the transfer").containsAll(failed);
        for (var f : report.failures()) {
            assertThat(f.reason()).as("the reason %s failed", f.path()).isNotBlank();
        }
        for (Map.Entry<String, String> e : actual.entrySet()) {
            assertThat(expected).as("a file that was not asked for appeared: %s", e.getKey()).containsKey(e.getKey());
            assertThat(e.getValue()).as("content of %s (never a partial or mixed file under the real name)",
                    e.getKey()).isEqualTo(expected.get(e.getKey()));
        }
        List<String> unaccounted = expected.keySet().stream()
                .filter(p -> !failed.contains(p) && !actual.containsKey(p)).toList();
        assertThat(unaccounted).as("files neither delivered nor listed as failed (a silent partial result); report:"
                + " %d files, %d failures", report.files(), failed.size()).isEmpty();
        assertThat(report.files() + failed.size()).as("every one of the %d files is either counted as transferred"
                + " or listed as failed, never silently dropped from the report (report: %d files, %d failures)",
                expected.size(), report.files(), failed.size()).isEqualTo(expected.size());
        return failed;
    }
}
