package io.procdaemon.core.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.apache.felix.utils.manifest.Attribute;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Parser;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.resource.Requirement;

/**
 * The bundles of some folders (the home's {@code system/}, the local Maven repository) by what
 * they provide, read from their manifests: the index {@code install -r} resolves against, so a
 * bundle's dependencies are found all at once instead of one resolver error at a time.
 *
 * <p>A jar is read once per (path, size, modification time); a repository of about 1,300 jars takes
 * a second or two the first time. Packages ({@code Export-Package}), bundles
 * ({@code Bundle-SymbolicName}) and generic capabilities ({@code Provide-Capability}) are indexed;
 * a requirement's own filter decides which match, as the framework's resolver would.
 */
final class BundleIndex {

    /**
     * One bundle in a folder.
     *
     * @param file where it is
     * @param symbolicName its Bundle-SymbolicName
     * @param version its Bundle-Version
     * @param capabilities per namespace, the attributes of each capability it provides
     */
    record Entry(Path file, String symbolicName, Version version, Map<String, List<Map<String, Object>>> capabilities) {

        boolean provides(Requirement requirement, Filter filter) {
            return capabilities.getOrDefault(requirement.getNamespace(), List.of()).stream().anyMatch(filter::matches);
        }
    }

    private record Stamp(long size, long modified) {
    }

    private final Map<Path, Map.Entry<Stamp, Optional<Entry>>> read = new ConcurrentHashMap<>();

    /**
     * Reads the folders once: a command asks {@link #best} for many requirements, and walking a
     * repository of a thousand jars for each would repeat the same I/O.
     *
     * @param roots the folders, in order of preference (a bundle of the first wins a tie)
     * @return their bundles, in that order
     */
    List<Entry> entries(List<Path> roots) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Path root : roots) {
            entries.addAll(entries(root));
        }
        return entries;
    }

    /**
     * @param entries what {@link #entries(List)} read
     * @param requirement what is needed
     * @param taken bundles already installed ({@code symbolicName version}), never proposed again
     * @return the bundle with the highest version that provides it, or empty
     */
    static Optional<Entry> best(List<Entry> entries, Requirement requirement, java.util.Set<String> taken) {
        String text = requirement.getDirectives().get(Constants.FILTER_DIRECTIVE);
        Filter filter;
        try {
            filter = text == null ? FrameworkUtil.createFilter("(" + requirement.getNamespace() + "=*)") : FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException e) {
            return Optional.empty();
        }
        Entry best = null;
        for (Entry entry : entries) {
            if (!taken.contains(entry.symbolicName() + " " + entry.version()) && entry.provides(requirement, filter)
                    && (best == null || entry.version().compareTo(best.version()) > 0)) {
                best = entry;
            }
        }
        return Optional.ofNullable(best);
    }

    private List<Entry> entries(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(BundleIndex::isBundleJar).sorted(Comparator.naturalOrder())::iterator) {
                entry(file).ifPresent(entries::add);
            }
        }
        return entries;
    }

    private static boolean isBundleJar(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jar") && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
                && !name.endsWith("-tests.jar") && Files.isRegularFile(file);
    }

    private Optional<Entry> entry(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Stamp stamp = new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis());
        Map.Entry<Stamp, Optional<Entry>> known = read.get(file);
        if (known != null && known.getKey().equals(stamp)) {
            return known.getValue();
        }
        Optional<Entry> entry = readManifest(file);
        read.put(file, Map.entry(stamp, entry));
        return entry;
    }

    /** Felix's own header parser (Karaf's too): one clause per name, attributes and directives apart. */
    private static Clause[] clauses(String header) {
        return header == null || header.isBlank() ? new Clause[0] : Parser.parseHeader(header);
    }

    /** A clause's attributes, typed as the header declares them ({@code version:Version=1.4}). */
    private static Map<String, Object> attributes(Clause clause) {
        Map<String, Object> attributes = new HashMap<>();
        for (Attribute attribute : clause.getAttributes()) {
            String key = attribute.getName();
            String value = attribute.getValue();
            int colon = key.indexOf(':');
            String type = colon < 0 ? "String" : key.substring(colon + 1).strip();
            key = colon < 0 ? key : key.substring(0, colon).strip();
            attributes.put(key, switch (type) {
                case "Version" -> Version.parseVersion(value);
                case "Long" -> Long.valueOf(value.strip());
                case "Double" -> Double.valueOf(value.strip());
                default -> type.startsWith("List") ? List.of(value.split("\\s*,\\s*")) : value;
            });
        }
        return attributes;
    }

    private static Optional<Entry> readManifest(Path file) {
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            Attributes main = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
            String bsn = main == null ? null : main.getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null) {
                return Optional.empty(); // not a bundle
            }
            String name = Parser.parseHeader(bsn)[0].getName();
            Version version = Version.parseVersion(Optional.ofNullable(main.getValue(Constants.BUNDLE_VERSION)).orElse("0"));
            Map<String, List<Map<String, Object>>> capabilities = new HashMap<>();
            capabilities.computeIfAbsent(BundleNamespace.BUNDLE_NAMESPACE, n -> new ArrayList<>())
                    .add(Map.of(BundleNamespace.BUNDLE_NAMESPACE, name, Constants.BUNDLE_VERSION_ATTRIBUTE, version));
            for (Clause clause : clauses(main.getValue(Constants.EXPORT_PACKAGE))) {
                Map<String, Object> attributes = attributes(clause);
                attributes.put(PackageNamespace.PACKAGE_NAMESPACE, clause.getName());
                attributes.put(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE,
                        Version.parseVersion(String.valueOf(attributes.getOrDefault("version", "0"))));
                attributes.put(PackageNamespace.CAPABILITY_BUNDLE_SYMBOLICNAME_ATTRIBUTE, name);
                attributes.put(Constants.BUNDLE_VERSION_ATTRIBUTE, version);
                capabilities.computeIfAbsent(PackageNamespace.PACKAGE_NAMESPACE, n -> new ArrayList<>()).add(attributes);
            }
            for (Clause clause : clauses(main.getValue(Constants.PROVIDE_CAPABILITY))) {
                capabilities.computeIfAbsent(clause.getName(), n -> new ArrayList<>()).add(attributes(clause));
            }
            return Optional.of(new Entry(file, name, version, capabilities));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // not a jar, or a manifest the framework would refuse too
        }
    }
}
