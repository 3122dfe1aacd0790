package dev.swarmnet.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * A generated folder shaped like a real source checkout, the same for a given seed: about 15,000 files in
 * about 1,300 folders up to 12 deep; file sizes log-normal with a median of 4 KiB and a 90th percentile
 * near 30 KiB (capped at 1 MiB), about 1% empty and a handful of 1-5 MB files; folders holding very unequal
 * numbers of files; some names with spaces, accents or a leading dash; some files executable or private;
 * mtimes spread over a year. Contents are pseudo-random, so nothing compresses.
 *
 * <p>Run as a main to make one by hand: {@code java -cp bench/target/swarmnet-bench.jar
 * dev.swarmnet.bench.RealTree DIR [FILES]}.
 */
final class RealTree {
    static final int FILES = 15_000;
    static final int MAX_DEPTH = 12;
    static final long SEED = 20_261_206L;
    private static final double MEDIAN = 4096;
    /** ln(30 KiB / 4 KiB) / z(0.9): the 90th percentile at about 30 KiB. */
    private static final double SIGMA = Math.log(30.0 * 1024 / 4096) / 1.2816;
    private static final long CAP = 1 << 20;
    private static final String[] WORDS = {"src", "main", "java", "test", "util", "core", "internal", "api", "net",
        "io", "docs", "lib", "include", "drivers", "fs", "kernel", "arch", "tools", "scripts", "build", "res",
        "model", "view", "server", "client", "proto", "common", "config", "data", "assets"};
    private static final String[] EXTENSIONS = {".java", ".c", ".h", ".md", ".txt", ".json", ".xml", ".py", ".rs",
        ".go", ".js", ".png", ".yml", ".sh"};
    private static final String[] ODD = {"read me", "café", "-dash", "naïve résumé", "a,b;c", "x#y", "weird  two",
        "tab\u00e9", "ünïcødé", "日本語"};

    /** What a destination must hold: every file's relative path, size and CRC32C. */
    record Manifest(List<Entry> files, int folders, long bytes) {
    }

    /** One file of the tree. */
    record Entry(String path, long size, int crc) {
    }

    private RealTree() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RealTree DIR [FILES]");
            System.exit(2);
        }
        int files = args.length > 1 ? Integer.parseInt(args[1]) : FILES;
        Manifest m = write(Path.of(args[0]), files, SEED);
        System.out.printf(Locale.ROOT, "%,d files in %,d folders, %,d bytes%n", m.files().size(), m.folders(),
                m.bytes());
    }

    /**
     * Writes the tree under {@code root} (which must not exist yet).
     *
     * @param files how many files; the folder count scales with it (one folder per ~11.5 files)
     */
    static Manifest write(Path root, int files, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<Folder> folders = folders(root, Math.max(1, (int) Math.round(files / 11.5)), random);
        for (Folder f : folders) {
            Files.createDirectories(f.path);
        }
        double[] cumulative = folderWeights(folders, random);
        List<Entry> entries = new ArrayList<>(files);
        Set<Path> taken = new HashSet<>();
        byte[] pool = new byte[8 << 20]; // each file is a slice of it at a random offset
        random.nextBytes(pool);
        long bytes = 0;
        long now = System.currentTimeMillis();
        for (int i = 0; i < files; i++) {
            Folder folder = folders.get(pick(cumulative, random.nextDouble()));
            Path file = uniqueFile(folder.path, random, taken);
            long size = size(i, files, random);
            int offset = random.nextInt(pool.length - (int) size + 1);
            writeFile(file, pool, offset, (int) size);
            CRC32C crc = new CRC32C();
            crc.update(pool, offset, (int) size);
            entries.add(new Entry(root.relativize(file).toString(), size, (int) crc.getValue()));
            setMode(file, random);
            Files.setLastModifiedTime(file, FileTime.fromMillis(now - random.nextLong(365L * 24 * 3600 * 1000)));
            bytes += size;
        }
        return new Manifest(List.copyOf(entries), folders.size(), bytes);
    }

    /**
     * Checks that {@code dir} holds exactly the manifest's files, each with its size and bytes (every file is
     * read and checksummed), and nothing else but folders.
     *
     * @return null when complete, else what is wrong
     */
    static String verify(Path dir, Manifest manifest) throws IOException {
        int[] regular = new int[1];
        List<String> other = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    regular[0]++;
                } else {
                    other.add(dir.relativize(file).toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (!other.isEmpty()) {
            return "not a regular file at the destination: " + other.get(0);
        }
        if (regular[0] != manifest.files().size()) {
            return String.format(Locale.ROOT, "%,d files at the destination, expected %,d", regular[0],
                    manifest.files().size());
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        for (Entry e : manifest.files()) {
            Path copy = dir.resolve(e.path());
            if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
                return "missing at the destination: " + e.path();
            }
            if (Files.size(copy) != e.size() || crc(copy, buffer) != e.crc()) {
                return "content differs: " + e.path();
            }
        }
        return null;
    }

    private static int crc(Path file, ByteBuffer buffer) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel in = FileChannel.open(file)) {
            buffer.clear();
            while (in.read(buffer) > 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return (int) crc.getValue();
    }

    private record Folder(Path path, int depth) {
    }

    /**
     * The folders: each new one goes under a folder picked at random (a random recursive tree: most folders
     * 4-9 deep, the deepest at the maximum, like the chains of {@code src/main/java/org/...}).
     */
    private static List<Folder> folders(Path root, int count, SplittableRandom random) {
        List<Folder> folders = new ArrayList<>(List.of(new Folder(root, 0)));
        Set<Path> taken = new HashSet<>();
        while (folders.size() < count) {
            Folder parent = folders.get(random.nextInt(folders.size()));
            if (parent.depth >= MAX_DEPTH) {
                continue;
            }
            Path path = parent.path.resolve(name(random, ""));
            if (taken.add(path)) {
                folders.add(new Folder(path, parent.depth + 1));
            }
        }
        return folders;
    }

    /** Cumulative weights: a few folders hold many files, most hold a few. */
    private static double[] folderWeights(List<Folder> folders, SplittableRandom random) {
        double[] cumulative = new double[folders.size()];
        double sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += Math.exp(1.3 * gaussian(random));
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static int pick(double[] cumulative, double u) {
        int i = java.util.Arrays.binarySearch(cumulative, u);
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }

    private static Path uniqueFile(Path folder, SplittableRandom random, Set<Path> taken) {
        while (true) {
            Path file = folder.resolve(name(random, EXTENSIONS[random.nextInt(EXTENSIONS.length)]));
            if (taken.add(file)) {
                return file;
            }
        }
    }

    /** A word and a number, now and then an odd name (spaces, accents, a leading dash). */
    private static String name(SplittableRandom random, String extension) {
        if (random.nextInt(100) == 0) {
            return ODD[random.nextInt(ODD.length)] + random.nextInt(1000) + extension;
        }
        return WORDS[random.nextInt(WORDS.length)] + random.nextInt(1000) + extension;
    }

    /** Log-normal below 1 MiB; about 1% empty; five files of 1-5 MB spread through the tree. */
    private static long size(int index, int files, SplittableRandom random) {
        if (files >= 1000 && index % (files / 5) == files / 10) {
            return (1L << 20) + random.nextLong(4L << 20);
        }
        if (random.nextInt(100) == 0) {
            return 0;
        }
        return Math.min(CAP, Math.round(MEDIAN * Math.exp(SIGMA * gaussian(random))));
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static void writeFile(Path file, byte[] pool, int offset, int size) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(pool, offset, size);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    /** Mostly 0644; scripts 0755 now and then, a few private 0600. */
    private static void setMode(Path file, SplittableRandom random) throws IOException {
        int r = random.nextInt(100);
        String mode = r < 5 ? "rwxr-xr-x" : r < 7 ? "rw-------" : "rw-r--r--";
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
