package io.procdaemon.config.install;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;

/**
 * etc/ mounted from a Kubernetes ConfigMap (or a Secret): each file is a link into {@code ..data},
 * itself a link to a timestamped folder. The kubelet updates the mount by writing a new folder and
 * renaming a new link over {@code ..data}; no file of etc/ changes itself, so a watcher of files
 * (FileInstall's) is not the one to ask. This one watches etc/ for {@code ..data} being replaced
 * (the kernel's inotify, through the JDK's WatchService) and then has every file re-read, as on
 * SIGHUP: changed files applied, bad ones refused with the last good configuration kept.
 *
 * <p>Present only when etc/ holds {@code ..data} at start and edits apply live
 * ({@code hot_reload = true}); one thread, {@code procdaemon-configmap}, blocked on the kernel.
 */
final class ConfigMapMount implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.config");
    /** The link the kubelet swaps. */
    static final String DATA_LINK = "..data";

    private final WatchService watcher;
    private final Thread thread;

    private ConfigMapMount(Path directory, Runnable reread) throws IOException {
        watcher = directory.getFileSystem().newWatchService();
        // A link renamed over ..data is IN_MOVED_TO for the kernel, ENTRY_CREATE for the JDK.
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        thread = new Thread(() -> loop(directory, reread), "procdaemon-configmap");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param directory etc/
     * @param reread re-reads every file of etc/ (SIGHUP's reconciliation)
     * @return the watch, when etc/ is a ConfigMap mount; empty otherwise
     */
    static Optional<ConfigMapMount> watch(Path directory, Runnable reread) {
        if (!Files.isSymbolicLink(directory.resolve(DATA_LINK))
                && !Files.isDirectory(directory.resolve(DATA_LINK), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            ConfigMapMount mount = new ConfigMapMount(directory, reread);
            LOG.log(INFO, () -> directory + " is a ConfigMap mount (" + DATA_LINK + "): an update is re-read when "
                    + DATA_LINK + " is replaced");
            return Optional.of(mount);
        } catch (IOException e) {
            LOG.log(ERROR, () -> directory + " is a ConfigMap mount, but it cannot be watched (" + e.getMessage()
                    + "): its updates apply on SIGHUP only");
            return Optional.empty();
        }
    }

    private void loop(Path directory, Runnable reread) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean swapped = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    swapped |= event.kind() == StandardWatchEventKinds.OVERFLOW
                            || DATA_LINK.equals(String.valueOf(event.context()));
                }
                key.reset();
                if (swapped) {
                    LOG.log(INFO, () -> directory.resolve(DATA_LINK) + " replaced (a ConfigMap update): re-reading "
                            + directory);
                    reread.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the bundle is stopping
        } catch (RuntimeException e) {
            LOG.log(ERROR, "the ConfigMap watch of " + directory + " failed; updates apply on SIGHUP only", e);
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // closing a watch service of the default file system does not fail in practice
        }
        thread.interrupt();
    }
}
