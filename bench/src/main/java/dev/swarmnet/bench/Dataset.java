package dev.swarmnet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The files every contender moves, generated once per run under {@code /dev/shm/swarmnet-bench-<pid>/}
 * (a tmpfs, so the disk is never what is measured), and the check that a destination holds all of
 * them. Contents are pseudo-random (a fixed seed), so nothing compresses and a misplaced block shows.
 *
 * <pre>
 *   src/big/one.bin         1 GiB              (a) and the heap check
 *   src/changed/one.bin     a copy of it       (a) and tls, changed (touched) before every run
 *   src/mid/one.bin         256 MiB            (c), and the warm-up of (a)
 *   src/small/f00000.dat .. 10,000 x 4 KiB     (b) and (c)
 *   src/smallcat/one.bin    the small files' bytes as one file (c)
 *   src/tree/...            a real-shaped source tree, 15,000 files in ~1,300 folders (tree)
 *   dest/                   where every run writes; emptied before each run
 * </pre>
 */
final class Dataset implements AutoCloseable {

    static final long BIG_SIZE = 1L << 30;
    static final long MID_SIZE = 256L << 20;
    static final int SMALL_COUNT = 10_000;
    static final int SMALL_SIZE = 4096;

    /**
     * What a destination must hold after a run: how many regular files, how many bytes, and which; with a
     * manifest (the real tree), exactly its files, every one read and checksummed.
     */
    record Expectation(Path source, int files, long bytes, RealTree.Manifest manifest) {
        Expectation(Path source, int files, long bytes) {
            this(source, files, bytes, null);
        }
    }

    final Path root;
    final Path src;
    final Path big;
    final Path changed;
    final Path mid;
    final Path small;
    final Path smallcat;
    /** The real-shaped tree ({@link RealTree}) of section "tree". */
    final Path tree;
    RealTree.Manifest treeManifest;
    final Path dest;
    final long bigSize;
    final long midSize;
    final int smallCount;

    private Dataset(Path root, long bigSize, long midSize, int smallCount) {
        this.root = root;
        this.src = root.resolve("src");
        this.big = src.resolve("big");
        this.changed = src.resolve("changed");
        this.mid = src.resolve("mid");
        this.small = src.resolve("small");
        this.smallcat = src.resolve("smallcat");
        this.tree = src.resolve("tree");
        this.dest = root.resolve("dest");
        this.bigSize = bigSize;
        this.midSize = midSize;
        this.smallCount = smallCount;
    }

    /** Creates the directory tree and only the files the chosen sections need. */
    static Dataset create(Path parent, FileOptions options) throws IOException {
        Path root = parent.resolve("swarmnet-bench-" + ProcessHandle.current().pid());
        Dataset d = new Dataset(root, options.scaled(BIG_SIZE), options.scaled(MID_SIZE), options.scaled(SMALL_COUNT));
        if (Files.exists(root)) {
            deleteTree(root);
        }
        for (Path dir : List.of(d.big, d.changed, d.mid, d.small, d.smallcat, d.dest)) {
            Files.createDirectories(dir);
        }
        SplittableRandom random = new SplittableRandom(20_240_601);
        if (options.runs("a") || options.runs("heap") || options.runs("tls") || options.runs("resume")) {
            writeRandom(d.big.resolve("one.bin"), d.bigSize, random.split());
        }
        if (options.runs("a") || options.runs("tls")) {
            Files.copy(d.big.resolve("one.bin"), d.changed.resolve("one.bin"), StandardCopyOption.COPY_ATTRIBUTES);
        }
        if (options.runs("a") || options.runs("c") || options.runs("tls")) {
            writeRandom(d.mid.resolve("one.bin"), d.midSize, random.split());
        }
        if (options.runs("b") || options.runs("c")) {
            writeSmall(d, random.split());
        }
        if (options.runs("tree")) {
            d.treeManifest = RealTree.write(d.tree, options.scaled(RealTree.FILES), RealTree.SEED);
        }
        return d;
    }

    Expectation bigFile() {
        return new Expectation(big, 1, bigSize);
    }

    /** The copy of the big file that (a) changes before every run. */
    Expectation changedFile() {
        return new Expectation(changed, 1, bigSize);
    }

    Expectation midFile() {
        return new Expectation(mid, 1, midSize);
    }

    Expectation smallFiles() {
        return new Expectation(small, smallCount, (long) smallCount * SMALL_SIZE);
    }

    /** The real-shaped tree: every file checked. */
    Expectation realTree() {
        return new Expectation(tree, treeManifest.files().size(), treeManifest.bytes(), treeManifest);
    }

    Expectation smallAsOneFile() {
        return new Expectation(smallcat, 1, (long) smallCount * SMALL_SIZE);
    }

    /** Empties the destination (deleting and re-creating it is the fastest way on tmpfs). */
    void cleanDest() throws IOException {
        clean(dest);
    }

    static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            deleteTree(dir);
        }
        Files.createDirectories(dir);
    }

    @Override
    public void close() throws IOException {
        if (Files.exists(root)) {
            deleteTree(root);
        }
    }

    /**
     * Checks that {@code dir} holds exactly the expected number of regular files and bytes (anything
     * else, such as a leftover temporary file, fails the check) and that a sample of them has the
     * source's content: every file when there are few, else every 97th, and for large files 16
     * windows of 64 KiB spread over the file plus its last bytes.
     *
     * @return null when complete, else what is wrong
     */
    static String verify(Path dir, Expectation expected) throws IOException {
        if (expected.manifest() != null) {
            return RealTree.verify(dir, expected.manifest());
        }
        long[] counts = new long[2];
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    counts[0]++;
                    counts[1] += attrs.size();
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (counts[0] != expected.files() || counts[1] != expected.bytes()) {
            return String.format(Locale.ROOT, "incomplete: %,d files / %,d bytes at the destination, expected %,d / %,d",
                    counts[0], counts[1], expected.files(), expected.bytes());
        }
        List<Path> sources;
        try (var stream = Files.list(expected.source())) {
            sources = stream.sorted().toList();
        }
        int step = sources.size() <= 100 ? 1 : 97;
        for (int i = 0; i < sources.size(); i += step) {
            Path source = sources.get(i);
            Path copy = dir.resolve(expected.source().relativize(source).toString());
            if (!Files.isRegularFile(copy)) {
                return "missing at the destination: " + copy.getFileName();
            }
            String problem = sameContent(source, copy);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String sameContent(Path source, Path copy) throws IOException {
        try (FileChannel a = FileChannel.open(source); FileChannel b = FileChannel.open(copy)) {
            long size = a.size();
            if (b.size() != size) {
                return "size differs: " + copy.getFileName();
            }
            int window = 64 * 1024;
            List<Long> offsets = new ArrayList<>();
            if (size <= 16L * window) {
                for (long o = 0; o < size; o += window) {
                    offsets.add(o);
                }
            } else {
                for (int i = 0; i < 16; i++) {
                    offsets.add(size / 16 * i);
                }
                offsets.add(size - window);
            }
            ByteBuffer x = ByteBuffer.allocate(window);
            ByteBuffer y = ByteBuffer.allocate(window);
            for (long offset : offsets) {
                x.clear();
                y.clear();
                readFully(a, x, offset, size);
                readFully(b, y, offset, size);
                if (!Arrays.equals(x.array(), 0, x.position(), y.array(), 0, y.position())) {
                    return "content differs in " + copy.getFileName() + " near byte " + offset;
                }
            }
        }
        return null;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long offset, long size) throws IOException {
        long end = Math.min(size, offset + buffer.capacity());
        while (offset + buffer.position() < end) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                break;
            }
        }
    }

    private static void writeRandom(Path file, long size, SplittableRandom random) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long left = size;
            while (left > 0) {
                block.clear();
                while (block.remaining() >= Long.BYTES) {
                    block.putLong(random.nextLong());
                }
                block.flip();
                block.limit((int) Math.min(block.limit(), left));
                left -= block.remaining();
                while (block.hasRemaining()) {
                    out.write(block);
                }
            }
        }
    }

    /** The small files, and the same bytes concatenated as one file. */
    private static void writeSmall(Dataset d, SplittableRandom random) throws IOException {
        byte[] content = new byte[SMALL_SIZE];
        try (FileChannel cat = FileChannel.open(d.smallcat.resolve("one.bin"),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < d.smallCount; i++) {
                random.nextBytes(content);
                Files.write(d.small.resolve(String.format(Locale.ROOT, "f%05d.dat", i)), content,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    cat.write(buffer);
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
