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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
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
 * <p>Only the daemon's own user gets in: the socket is 0600 in a folder closed to others, and
 * each connection's peer credentials ({@code SO_PEERCRED}) are checked against the socket's owner
 * before a byte is read. The daemon sets the mode only of a folder it has just created itself; a
 * folder that exists already (a symbolic link, a folder from an earlier run, {@code /run/...}) must
 * be a folder of the daemon's user closed to others, or the shell stays off and the log says why
 * and what to do: tightening a folder reached through a link, or shared, would change something
 * that is not the daemon's, and loosening nothing means a socket in a folder others may write to
 * could be swapped under the client.
 *
 * <p>Each connection is a {@link ShellConnection} on its own thread; at most
 * {@link ShellSettings#maxSessions()} at once ({@value ShellSettings#MAX_SESSIONS_PROPERTY}, 16
 * by default), so a runaway client cannot exhaust the daemon. A session without a command for
 * {@link ShellSettings#idleMillis()} ({@value ShellSettings#IDLE_TIMEOUT_PROPERTY}, 30 minutes by
 * default) is closed, so forgotten clients cannot lock the operator out; a client refused at the
 * limit is told the limit, how many are open, the property to raise and the idle timeout.
 */
@Component(immediate = true, service = {})
public final class ShellServer {

    /** Framework property: the socket's path; the launcher sets {@code <home>/data/run/daemon.sock}. */
    static final String SOCKET_PROPERTY = "procdaemon.shell.socket";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.shell");
    private static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");

    private final CommandProcessor processor;
    private final Completions completions;
    private final CommandGuide guide;
    private final Path socket;
    private final ServerSocketChannel server;
    private final UserPrincipal owner;
    private final Thread acceptor;
    private final Set<ShellConnection> connections = ConcurrentHashMap.newKeySet();
    private final ShellSettings settings;
    private final Semaphore slots;
    private final ThreadFactory threads = ShellThreads.factory("shell-connection");
    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "shell-timer");
                thread.setDaemon(true);
                return thread;
            });

    @Activate
    public ShellServer(@Reference CommandProcessor processor, @Reference Completions completions,
            @Reference CommandGuide guide, BundleContext context)
            throws IOException {
        this.processor = processor;
        this.completions = completions;
        this.guide = guide;
        this.settings = ShellSettings.read(context::getProperty);
        this.slots = new Semaphore(settings.maxSessions());
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
        ServerSocketChannel bound;
        try {
            bound = bind(socket);
        } catch (IOException e) {
            // The daemon runs on without its shell: the operator still has signals, etc/ and deploy/.
            LOG.log(ERROR, "attached shell disabled: " + e.getMessage()
                    + "; the daemon runs on without it (fix this, then restart the daemon)");
            server = null;
            owner = null;
            acceptor = null;
            return;
        }
        server = bound;
        owner = Files.getOwner(socket);
        acceptor = new Thread(this::acceptLoop, "shell-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.log(INFO, () -> "attached shell listening on " + socket + " (user " + owner.getName() + " only; at most "
                + settings.maxSessions() + " sessions; " + settings.idleRule() + ")");
    }

    /**
     * Binds the socket, replacing a socket file a killed daemon left behind, in a folder only the
     * daemon's user may enter. See the class comment for which folders are accepted.
     */
    private static ServerSocketChannel bind(Path socket) throws IOException {
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
        if (!createFolder(folder)) {
            checkExistingFolder(socket, folder);
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

    /**
     * Creates the socket's folder, mode 0700, unless something exists at that path (a folder, a
     * symbolic link, even a dangling one). Its parents are created as needed, their modes left to
     * the umask: they hold no socket.
     *
     * @return whether this call created the folder (so the daemon may set its mode)
     */
    private static boolean createFolder(Path folder) throws IOException {
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Files.createDirectories(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER));
        } catch (FileAlreadyExistsException e) {
            return false; // made by someone else meanwhile: checked as any existing folder
        }
        // The umask can only have taken bits away; 0700 exactly, so the daemon's user can use it.
        Files.setPosixFilePermissions(folder, PRIVATE_FOLDER);
        return true;
    }

    /**
     * Accepts a folder the daemon did not create only as it is: a folder of the daemon's user that
     * others can neither enter nor write to. Its mode is never changed.
     */
    private static void checkExistingFolder(Path socket, Path folder) throws IOException {
        String via = "";
        if (Files.isSymbolicLink(folder)) {
            via = " is a symbolic link to " + Files.readSymbolicLink(folder) + ", which";
            if (!Files.isDirectory(folder)) {
                throw new IOException("cannot listen on " + socket + ": its folder " + folder + " is a symbolic link to "
                        + Files.readSymbolicLink(folder) + ", which is not a folder; remove the link (the daemon then "
                        + "creates " + folder + " itself, mode 0700)");
            }
        } else if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot listen on " + socket + ": " + folder + " is not a folder; remove it "
                    + "(the daemon then creates the folder itself, mode 0700)");
        }
        String user = System.getProperty("user.name");
        String folderOwner = Files.getOwner(folder).getName();
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder);
        Set<PosixFilePermission> open = EnumSet.copyOf(mode);
        open.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        if (open.isEmpty() && folderOwner.equals(user)) {
            return;
        }
        String wrong = !folderOwner.equals(user) ? "belongs to user " + folderOwner + ", not to " + user + ", who runs the daemon"
                : "is open to others (" + PosixFilePermissions.toString(mode) + ")";
        String todo = via.isEmpty()
                ? "give the socket a folder of its own, owned by " + user + ", mode 0700 (or remove " + folder
                        + " if the daemon may create it)"
                : "remove the link (the daemon then creates " + folder + " itself, mode 0700), or point it to a folder "
                        + "owned by " + user + ", mode 0700";
        throw new IOException("cannot listen on " + socket + ": its folder " + folder + via + " " + wrong
                + "; the daemon changes the mode only of a folder it creates itself: " + todo);
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
            int max = settings.maxSessions();
            int open = Math.max(connections.size(), max);
            LOG.log(WARNING, () -> "attached shell: " + open + " of " + max + " sessions open ("
                    + ShellSettings.MAX_SESSIONS_PROPERTY + "); one more refused");
            ShellConnection.refuse(channel, open + " of " + max + " shell sessions are open, the most "
                    + ShellSettings.MAX_SESSIONS_PROPERTY + " allows: leave one, or raise " + ShellSettings.MAX_SESSIONS_PROPERTY
                    + " in etc/config.properties and restart the daemon; " + settings.idleRule());
            return;
        }
        ShellConnection connection = new ShellConnection(channel, processor, peer, threads, timer, completions, guide,
                settings.idleMillis());
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
