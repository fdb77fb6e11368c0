package io.procdaemon.shell.server;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The attached shell: Gogo sessions served on a Unix domain socket, by default
 * {@code data/run/daemon.sock}. Nothing listens on the network.
 *
 * <p>Only the daemon's own user gets in: the socket's folder is made 0700 and the socket 0600, and
 * each connection's peer credentials ({@code SO_PEERCRED}) are checked against the socket's owner
 * before a byte is read. Each connection is a {@link ShellConnection} on its own thread; at most
 * {@value #MAX_CONNECTIONS} at once, so a runaway client cannot exhaust the daemon.
 */
@Component(immediate = true, service = {})
public final class ShellServer {

    /** Framework property: the socket's path; the launcher sets {@code <home>/data/run/daemon.sock}. */
    static final String SOCKET_PROPERTY = "procdaemon.shell.socket";
    static final int MAX_CONNECTIONS = 16;

    private static final System.Logger LOG = System.getLogger("io.procdaemon.shell");

    private final CommandProcessor processor;
    private final Completions completions;
    private final Path socket;
    private final ServerSocketChannel server;
    private final UserPrincipal owner;
    private final Thread acceptor;
    private final Set<ShellConnection> connections = ConcurrentHashMap.newKeySet();
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final ThreadFactory threads = ShellThreads.factory("shell-connection");
    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "shell-timer");
                thread.setDaemon(true);
                return thread;
            });

    @Activate
    public ShellServer(@Reference CommandProcessor processor, @Reference Completions completions, BundleContext context)
            throws IOException {
        this.processor = processor;
        this.completions = completions;
        String path = context.getProperty(SOCKET_PROPERTY);
        if (path == null || path.isBlank()) {
            LOG.log(INFO, "attached shell disabled: framework property " + SOCKET_PROPERTY + " is not set");
            socket = null;
            server = null;
            owner = null;
            acceptor = null;
            return;
        }
        socket = Path.of(path).toAbsolutePath();
        server = bind(socket, Path.of(context.getProperty("proc-daemon.home") == null ? "/nonexistent"
                : context.getProperty("proc-daemon.home"), "data", "run").toAbsolutePath());
        owner = Files.getOwner(socket);
        acceptor = new Thread(this::acceptLoop, "shell-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.log(INFO, () -> "attached shell listening on " + socket + " (user " + owner.getName() + " only)");
    }

    /**
     * Binds the socket in a 0700 folder, replacing a socket file a killed daemon left behind. The
     * folder is made 0700 only when the daemon created it or it is the home's own {@code data/run};
     * another existing folder (a socket moved to {@code /run}, say) must already be closed to
     * others: tightening a shared folder would break whatever else lives there.
     */
    private static ServerSocketChannel bind(Path socket, Path defaultFolder) throws IOException {
        // Bound first under this temporary name (see below), whose length counts as well.
        Path bound = socket.resolveSibling(".s" + Long.toString(ProcessHandle.current().pid(), 36));
        // The OS limits a socket path to about 107 bytes; say so rather than fail obscurely.
        int length = Math.max(socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                bound.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        if (length > 107) {
            throw new IOException("cannot listen on " + socket + ": the path is " + length
                    + " bytes, and Unix domain sockets allow at most 107; install the daemon under a shorter path");
        }
        Path folder = socket.getParent();
        boolean ours = !Files.exists(folder) || folder.equals(defaultFolder);
        Files.createDirectories(folder);
        if (ours) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } else {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> open = Files.getPosixFilePermissions(folder);
            open.retainAll(java.util.EnumSet.complementOf(java.util.EnumSet.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                    java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE)));
            if (!open.isEmpty()) {
                throw new IOException("cannot listen on " + socket + ": its folder " + folder + " is open to others ("
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))
                        + "); give the socket a folder of its own, mode 0700");
            }
        }
        // The instance lock is held, so a socket file here is a leftover, never a live daemon's.
        Files.deleteIfExists(socket);
        // Bound under a temporary name, made 0600, then renamed: the socket's path appears only
        // once it listens with its final mode, so whoever waits for it (the launcher's client, a
        // test) never meets it half set up. A socket keeps working under a new name.
        Files.deleteIfExists(bound);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Files.move(bound, socket, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(bound);
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        return channel;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(ERROR, "attached shell: accept on " + socket + " failed", e);
                return;
            }
            serve(channel);
        }
    }

    private void serve(SocketChannel channel) {
        String peer;
        try {
            UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            peer = principal.user().getName();
            if (!principal.user().equals(owner)) {
                LOG.log(WARNING, () -> "attached shell: refused a connection from user " + principal.user().getName()
                        + "; only " + owner.getName() + ", who runs the daemon, may connect");
                ShellConnection.refuse(channel, "only user " + owner.getName() + " may use this daemon's shell");
                return;
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(WARNING, "attached shell: cannot read the peer's credentials; connection refused", e);
            ShellConnection.refuse(channel, "peer credentials unavailable");
            return;
        }
        if (!slots.tryAcquire()) {
            LOG.log(WARNING, "attached shell: " + MAX_CONNECTIONS + " connections open; one more refused");
            ShellConnection.refuse(channel, "too many shell connections (" + MAX_CONNECTIONS + ") are open");
            return;
        }
        ShellConnection connection = new ShellConnection(channel, processor, peer, threads, timer, completions);
        connections.add(connection);
        threads.newThread(() -> {
            try {
                connection.run();
            } finally {
                connections.remove(connection);
                slots.release();
            }
        }).start();
    }

    @Deactivate
    void deactivate() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        connections.forEach(ShellConnection::release);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(WARNING, "attached shell: cannot delete " + socket + ": " + e.getMessage());
        }
        acceptor.interrupt();
        timer.shutdownNow();
    }
}
