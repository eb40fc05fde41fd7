package org.vmpbd.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writers of one key take its lock: a lock per key directory within this JVM, then an exclusive
 * {@link FileLock} on {@code <key>/.lock} across processes. Readers take none: every file they read
 * is replaced atomically or never changed once written.
 */
final class KeyLocks {
    static final String WRITE_LOCK = ".lock";
    static final String LEARNING_LOCK = ".learning.lock";

    /** JVM-wide: two stores on one root in one JVM must exclude each other before the file lock (which is per JVM). */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    interface Work<T> {
        T run() throws IOException;
    }

    <T> T withWriteLock(Path keyDir, Work<T> work) throws IOException {
        ReentrantLock lock = IN_JVM.computeIfAbsent(keyDir.toAbsolutePath().normalize(), k -> new ReentrantLock());
        lock.lock();
        try {
            Files.createDirectories(keyDir);
            try (FileChannel ch = FileChannel.open(keyDir.resolve(WRITE_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return work.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code <key>/.learning.lock} for a learner's lifetime, without waiting.
     *
     * @return the held lock (close it to release), or null if another learner, in this or another
     *         process, holds it
     */
    static Held tryLearningLock(Path keyDir) throws IOException {
        Files.createDirectories(keyDir);
        FileChannel ch = FileChannel.open(keyDir.resolve(LEARNING_LOCK), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                return null;
            }
            return new Held(ch, lock);
        } catch (OverlappingFileLockException e) {
            ch.close();
            return null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** A held learning lock. */
    static final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
