package io.procdaemon.core.provisioning;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;

/**
 * Finds the file of a Maven artifact on this machine, offline, in two places in this order:
 * <ol>
 * <li>the distribution's {@code system/}, by file name ({@code artifactId-version[-classifier].type}:
 * {@code system/} is flat, as {@code etc/startup.properties} names its jars), so the bundles the
 * daemon ships are found on a machine without Maven;</li>
 * <li>the local Maven repository ({@link LocalRepository}), by its layout
 * ({@code group/as/folders/artifactId/version/artifactId-version[-classifier].type}).</li>
 * </ol>
 * Nothing is downloaded: what is not in either place is an error that names the URL, both places
 * and the path looked for in each, and the versions of that artifact the local repository holds.
 */
public final class ArtifactLocator {

    private final Path system;
    private final Supplier<LocalRepository> repository;

    /**
     * @param system the home's {@code system/} folder, or {@code null} when the daemon runs without
     *        a home (embedded): then only the local repository is searched
     * @param repository where the local repository is, asked at each lookup
     */
    public ArtifactLocator(Path system, Supplier<LocalRepository> repository) {
        this.system = system;
        this.repository = repository;
    }

    /**
     * The daemon's two places: its home's {@code system/} (the framework property
     * {@code proc-daemon.home}) and the local Maven repository {@link LocalRepository#find} names.
     *
     * @param context any bundle's context, for the framework's properties
     * @return the locator of {@code mvn:} URLs and of {@code install -r}
     */
    public static ArtifactLocator of(BundleContext context) {
        String home = context.getProperty("proc-daemon.home");
        return new ArtifactLocator(home == null ? null : Path.of(home, "system"),
                () -> LocalRepository.find(context.getProperty(LocalRepository.PROPERTY),
                        Path.of(System.getProperty("user.home")), System.getenv()));
    }

    /** @return the home's {@code system/} folder, empty when the daemon runs without a home */
    public Optional<Path> system() {
        return Optional.ofNullable(system);
    }

    /** @return the local Maven repository, as it is named now */
    public LocalRepository repository() {
        return repository.get();
    }

    /**
     * @return the artifact's file, a regular file
     * @throws FileNotFoundException when neither place has it; the message says what was looked
     *         for where, and which versions the local repository has
     */
    public Path locate(MavenCoordinates artifact) throws FileNotFoundException {
        if (system != null) {
            Path shipped = system.resolve(artifact.fileName());
            if (Files.isRegularFile(shipped)) {
                return shipped;
            }
        }
        LocalRepository local = repository.get();
        Path inRepository = local.folder().resolve(artifact.repositoryPath());
        if (Files.isRegularFile(inRepository)) {
            return inRepository;
        }
        StringBuilder message = new StringBuilder(artifact + " not found (offline; nothing is downloaded): looked for ");
        if (system != null) {
            message.append(artifact.fileName()).append(" in system/ (").append(system).append(") and for ");
        }
        message.append(artifact.repositoryPath()).append(" in the local Maven repository ").append(local.folder())
                .append(" (").append(local.source()).append(")");
        message.append(". ").append(versionsHeld(local.folder(), artifact));
        throw new FileNotFoundException(message.toString());
    }

    private static String versionsHeld(Path repository, MavenCoordinates artifact) {
        String name = artifact.groupId() + "/" + artifact.artifactId();
        if (!Files.isDirectory(repository)) {
            return "That folder does not exist.";
        }
        Path versions = repository.resolve(artifact.versionsFolder());
        List<String> held;
        try (Stream<Path> entries = Files.list(versions)) {
            held = entries.filter(version -> Files.isRegularFile(version.resolve(
                    new MavenCoordinates(artifact.groupId(), artifact.artifactId(), version.getFileName().toString(),
                            artifact.type(), artifact.classifier()).fileName())))
                    .map(version -> version.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            held = List.of();
        }
        if (held.isEmpty()) {
            return "It holds no version of " + name + "; fetch one with Maven (mvn dependency:get -Dartifact="
                    + artifact.groupId() + ":" + artifact.artifactId() + ":" + artifact.version()
                    + (artifact.classifier() == null ? ("jar".equals(artifact.type()) ? "" : ":" + artifact.type())
                            : ":" + artifact.type() + ":" + artifact.classifier())
                    + ") or copy it into system/.";
        }
        return "Versions of " + name + " it holds: " + String.join(", ", held) + ".";
    }
}
