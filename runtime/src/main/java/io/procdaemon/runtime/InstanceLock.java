package io.procdaemon.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per home: an exclusive lock on {@code data/daemon.lock}, held for the life of the
 * process, and the PID file {@code data/daemon.pid}.
 *
 * <p>The lock is an OS file lock, so the kernel releases it when the process dies however it dies
 * (kill -9 included): a stale lock never blocks the next start, and a stale PID file is simply
 * overwritten. Symbolic links at either path are refused, so a planted link cannot make the daemon
 * write a file elsewhere. The PID file is written to a temporary file and renamed into place, so
 * readers never see it half-written; it is removed on a clean exit. The lock file itself stays:
 * deleting it would let a second daemon lock a new file while the first holds the old one.
 */
final class InstanceLock implements AutoCloseable {

    static final String LOCK_FILE = "daemon.lock";
    static final String PID_FILE = "daemon.pid";

    private final Path pidFile;
    private final FileChannel channel;
    private final FileLock lock;
    private final long pid;

    private InstanceLock(Path pidFile, FileChannel channel, FileLock lock, long pid) {
        this.pidFile = pidFile;
        this.channel = channel;
        this.lock = lock;
        this.pid = pid;
    }

    /**
     * @param home the daemon's home
     * @return the held lock, with the PID file written
     * @throws LaunchException {@link ExitCode#ALREADY_RUNNING} when another process holds the lock,
     *         {@link ExitCode#FAILURE} when the files cannot be used
     */
    static InstanceLock acquire(DaemonHome home) throws LaunchException {
        Path data = home.data();
        Path lockFile = data.resolve(LOCK_FILE);
        Path pidFile = data.resolve(PID_FILE);
        refuseSymlink(home, lockFile);
        refuseSymlink(home, pidFile);
        FileChannel channel;
        try {
            Files.createDirectories(data);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new LaunchException(ExitCode.FAILURE,
                    "cannot open lock file " + lockFile + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LaunchException(ExitCode.FAILURE, "cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new LaunchException(ExitCode.ALREADY_RUNNING, "already running in " + home.root()
                    + " (pid " + readPid(pidFile) + "; " + home.show(lockFile) + " is locked)");
        }
        long pid = ProcessHandle.current().pid();
        try {
            writeAtomically(pidFile, pid + "\n");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LaunchException(ExitCode.FAILURE, "cannot write PID file " + pidFile + ": " + e.getMessage(), e);
        }
        return new InstanceLock(pidFile, channel, lock, pid);
    }

    long pid() {
        return pid;
    }

    /** Removes the PID file (if it is still ours) and releases the lock. Idempotent. */
    @Override
    public synchronized void close() {
        try {
            if (readPid(pidFile).equals(Long.toString(pid))) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            System.getLogger("io.procdaemon.launcher")
                    .log(System.Logger.Level.WARNING, "cannot remove PID file " + pidFile + ": " + e.getMessage());
        }
        if (channel.isOpen()) {
            try {
                lock.release();
            } catch (IOException e) {
                // Closing the channel below releases it too.
            }
            closeQuietly(channel);
        }
    }

    /**
     * Writes through a temporary file and a rename, so that a reader never sees a half-written file.
     * Only the holder of the instance lock writes here, so the temporary name needs no randomness:
     * {@code Files.createTempFile} would draw it from a {@code SecureRandom}, whose provider set-up
     * costs a cold JVM ~20 ms more here than the plain write (docs/PERFORMANCE.md, issue 14).
     */
    static void writeAtomically(Path target, String content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void refuseSymlink(DaemonHome home, Path path) throws LaunchException {
        if (Files.isSymbolicLink(path)) {
            String target;
            try {
                target = Files.readSymbolicLink(path).toString();
            } catch (IOException e) {
                target = "?";
            }
            throw new LaunchException(ExitCode.FAILURE, "refusing to use " + home.show(path)
                    + ": it is a symbolic link (to " + target + "); remove it and start again");
        }
    }

    private static String readPid(Path pidFile) {
        try {
            return Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to release.
        }
    }
}
