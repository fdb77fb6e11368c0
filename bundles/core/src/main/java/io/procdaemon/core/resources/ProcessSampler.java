package io.procdaemon.core.resources;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the process's own resources: {@code /proc/self/status} (VmRSS, Threads), the entries of
 * {@code /proc/self/fd}, the heap pools' usage after their last collection, and the process's CPU
 * time ({@link ProcessHandle.Info#totalCpuDuration()}). A resource that cannot be read here (not
 * Linux, a pool without collection usage) is left out of the sample.
 */
final class ProcessSampler {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final long MIB = 1024 * 1024;

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    private long lastCpuNanos = -1;
    private long lastWallNanos;

    /** @param nowNanos as {@link System#nanoTime()}, for the CPU share since the previous sample */
    Map<Resource, Long> sample(long nowNanos) {
        Map<Resource, Long> values = new EnumMap<>(Resource.class);
        status(values);
        openFiles(values);
        heapAfterCollection(values);
        cpu(values, nowNanos);
        return values;
    }

    private static void status(Map<Resource, Long> values) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    values.put(Resource.RSS, kib(line) / 1024);
                } else if (line.startsWith("Threads:")) {
                    values.put(Resource.THREADS, Long.parseLong(line.substring(8).strip()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or a format not expected: no RSS and threads in this sample.
        }
    }

    private static long kib(String line) {
        String value = line.substring(line.indexOf(':') + 1).strip();
        return Long.parseLong(value.substring(0, value.indexOf(' ')));
    }

    private static void openFiles(Map<Resource, Long> values) {
        long count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(FDS)) {
            for (Path ignored : entries) {
                count++;
            }
            values.put(Resource.OPEN_FILES, Math.max(0, count - 1)); // the listing's own descriptor
        } catch (IOException | RuntimeException e) {
            // Not Linux: no open files in this sample.
        }
    }

    /** Live data, not garbage: what each heap pool held after its last collection. */
    private void heapAfterCollection(Map<Resource, Long> values) {
        long used = 0;
        boolean any = false;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage afterCollection = pool.getCollectionUsage();
            if (afterCollection != null) {
                used += afterCollection.getUsed();
                any = true;
            }
        }
        if (any) {
            values.put(Resource.HEAP, used / MIB);
        }
    }

    private void cpu(Map<Resource, Long> values, long nowNanos) {
        Duration total = ProcessHandle.current().info().totalCpuDuration().orElse(null);
        if (total == null) {
            return;
        }
        long cpuNanos = total.toNanos();
        if (lastCpuNanos >= 0 && nowNanos > lastWallNanos) {
            values.put(Resource.CPU, (cpuNanos - lastCpuNanos) * 100 / (nowNanos - lastWallNanos));
        }
        lastCpuNanos = cpuNanos;
        lastWallNanos = nowNanos;
    }
}
