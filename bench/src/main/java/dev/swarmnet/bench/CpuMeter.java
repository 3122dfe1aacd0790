package dev.swarmnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much CPU other processes took while a section ran: the machine's busy time (user + nice +
 * system, from /proc/stat) minus this JVM's own and its reaped children's (tar, nc, rsync, the heap
 * check JVM; from /proc/self/stat), plus the time the hypervisor stole. On this 2-core VM a build or
 * test run next door halves every number, so the report says when that happened. Linux only;
 * elsewhere it reports nothing.
 */
final class CpuMeter {

    /** Clock ticks per second of /proc/stat and /proc/[pid]/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private final long startNanos = System.nanoTime();
    private final long[] start = sample();

    /** "others 0.4 core-s, steal 0.0 core-s over 35 s", or "" when /proc is not readable. */
    String report() {
        long[] end = sample();
        if (start == null || end == null) {
            return "";
        }
        double others = Math.max(0, ((end[0] - start[0]) - (end[1] - start[1])) / TICKS);
        double steal = (end[2] - start[2]) / TICKS;
        double wall = (System.nanoTime() - startNanos) / 1e9;
        return String.format(Locale.ROOT, "other processes %.1f core-s, steal %.1f core-s, in %.0f s", others, steal, wall);
    }

    /** {machine busy ticks, own + children ticks, steal ticks}, or null. */
    private static long[] sample() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]);
            long steal = cpu.length > 8 ? Long.parseLong(cpu[8]) : 0;
            String self = Files.readString(Path.of("/proc/self/stat"));
            // The command name may contain spaces; fields after it start at ") ".
            String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state): utime, stime, cutime, cstime are fields 14..17.
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return new long[] {busy, own, steal};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
