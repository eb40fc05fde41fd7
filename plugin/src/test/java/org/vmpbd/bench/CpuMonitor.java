package org.vmpbd.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Measures how much CPU other processes (not this JVM nor its JMH forks) take while benchmarks run,
 * from {@code /proc/<pid>/stat} (utime + stime, all threads), sampled every 250 ms. On a shared
 * 2-core machine that tells whether a number can be trusted. Linux only; elsewhere it reports
 * nothing.
 */
final class CpuMonitor implements AutoCloseable {
    /** USER_HZ: Linux reports process CPU times in 1/100 s. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path PROC = Path.of("/proc");

    private final Map<Long, Long> lastTicks = new HashMap<>();
    private final Map<String, Long> foreignByCommand = new HashMap<>();
    private final Thread thread;
    private volatile boolean stop;
    private long foreignTicks;
    private long ownTicks;
    private boolean first = true;

    CpuMonitor() {
        thread = new Thread(this::loop, "bench-cpu-monitor");
        thread.setDaemon(true);
        if (Files.isDirectory(PROC.resolve("self"))) {
            sample();
            thread.start();
        }
    }

    static boolean supported() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    private void loop() {
        while (!stop) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    private synchronized void sample() {
        Set<Long> own = new HashSet<>();
        own.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> own.add(p.pid()));
        Map<Long, Long> now = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException | RuntimeException e) {
                    continue; // exited
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < 0) {
                    continue;
                }
                String comm = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                // after "pid (comm) ": state is f[0]; utime is field 14 overall -> f[11]; stime f[12]
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                now.put(pid, ticks);
                if (first) {
                    continue;
                }
                Long before = lastTicks.get(pid);
                long delta = before == null ? ticks : ticks - before;
                if (delta <= 0) {
                    continue;
                }
                if (own.contains(pid)) {
                    ownTicks += delta;
                } else {
                    foreignTicks += delta;
                    foreignByCommand.merge(comm, delta, Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        first = false;
        lastTicks.clear();
        lastTicks.putAll(now);
    }

    /** CPU seconds used so far by other processes. */
    synchronized double foreignSeconds() {
        return foreignTicks / TICKS_PER_SECOND;
    }

    /** CPU seconds used so far by this JVM and its forks. */
    synchronized double ownSeconds() {
        return ownTicks / TICKS_PER_SECOND;
    }

    /** The commands of other processes that used the most CPU so far, e.g. {@code java 12.3 s}. */
    synchronized String topForeign(int k) {
        StringBuilder sb = new StringBuilder();
        foreignByCommand.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
            .limit(k)
            .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey())
                .append(String.format(java.util.Locale.ROOT, " %.1f s", e.getValue() / TICKS_PER_SECOND)));
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /**
     * Waits until other processes used less than {@code maxShare} of one core over the last 3 s, or
     * {@code maxWaitSeconds} passed.
     *
     * @return the seconds waited, or -1 if it gave up
     */
    double awaitIdle(double maxShare, double maxWaitSeconds) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            double f0 = foreignSeconds();
            Thread.sleep(3000);
            double share = (foreignSeconds() - f0) / 3.0;
            double waited = (System.nanoTime() - start) / 1e9;
            if (share < maxShare) {
                return waited - 3.0;
            }
            if (waited >= maxWaitSeconds) {
                return -1;
            }
        }
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }
}
