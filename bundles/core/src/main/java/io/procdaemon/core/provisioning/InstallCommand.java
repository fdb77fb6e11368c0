package io.procdaemon.core.provisioning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.procdaemon.core.bundle.UnmetRequirements;

/**
 * {@code install}, in place of Gogo's {@code felix:install} (a higher service ranking: Gogo runs
 * the highest-ranked service of a scope:function). Gogo's prints a failure as its exception
 * ({@code java.io.FileNotFoundException: ...}) and ends as if it succeeded, so a script or
 * {@code bin/proc-daemon client} cannot tell; this one fails (the client's exit 1) with each
 * location and why, in the words of whoever refused it (the {@code mvn:} handler names where it
 * looked). Its output starts as Gogo's: {@code Bundle ID: 12}.
 *
 * <p>With {@code -r} it also installs what the bundles need, found in the home's {@code system/}
 * and the local Maven repository ({@link BundleIndex}): round after round, each requirement no
 * installed bundle provides is given the highest version that provides it, until nothing is
 * missing or nothing more is found; what is still missing is named, all at once. Karaf's features
 * list dependencies by hand; this reads them from the manifests.
 */
@Component(service = InstallCommand.class, property = {"osgi.command.scope=felix", "osgi.command.function=install",
        Constants.SERVICE_RANKING + ":Integer=1"})
public final class InstallCommand {

    /** More rounds than any real dependency chain; a bound, so a cycle of bad metadata ends. */
    private static final int MAX_ROUNDS = 50;

    private final BundleContext context;
    private final BundleIndex index = new BundleIndex();

    @Activate
    public InstallCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("installs bundles from locations: file:..., mvn:groupId/artifactId/version, a path, a URL")
    public String install(
            @Descriptor("start each bundle once installed") @Parameter(names = {"-s", "--start"}, presentValue = "true",
                    absentValue = "false") boolean start,
            @Descriptor("also install what they need, from system/ and the local Maven repository")
            @Parameter(names = {"-r", "--resolve"}, presentValue = "true", absentValue = "false") boolean resolve,
            @Descriptor("where each bundle is") String... locations) throws IOException {
        if (locations.length == 0) {
            throw new IllegalArgumentException("install: which bundle? usage: install [-s] [-r] <location>..."
                    + " (file:..., mvn:groupId/artifactId/version, a path)");
        }
        List<Bundle> installed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String location : locations) {
            try {
                installed.add(context.installBundle(locationOf(location)));
            } catch (BundleException | RuntimeException e) {
                String reason = reason(e);
                failures.add(reason.contains(location) ? reason : location + ": " + reason);
            }
        }
        List<String> lines = new ArrayList<>();
        if (!installed.isEmpty()) {
            lines.add(installed.size() == 1 ? "Bundle ID: " + installed.get(0).getBundleId()
                    : "Bundle IDs: " + String.join(", ", installed.stream().map(b -> String.valueOf(b.getBundleId())).toList()));
        }
        List<Bundle> all = new ArrayList<>(installed);
        if (resolve && !installed.isEmpty()) {
            resolve(all, lines, failures);
        }
        if (start) {
            for (Bundle bundle : all) {
                startQuietly(bundle, failures);
            }
        }
        if (!failures.isEmpty()) {
            lines.add((installed.isEmpty() ? "not installed: " : "") + String.join("; ", failures));
            throw new IllegalArgumentException(String.join("\n", lines));
        }
        return String.join("\n", lines);
    }

    /** Installs providers for what {@code bundles} need, adding them to the list; reports each. */
    private void resolve(List<Bundle> bundles, List<String> lines, List<String> failures) throws IOException {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        List<Path> roots = roots();
        List<BundleIndex.Entry> entries = index.entries(roots);
        Set<String> missing = new LinkedHashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Set<String> taken = new HashSet<>();
            for (Bundle bundle : context.getBundles()) {
                taken.add(bundle.getSymbolicName() + " " + bundle.getVersion());
            }
            missing.clear();
            boolean added = false;
            for (Bundle bundle : List.copyOf(bundles)) {
                for (BundleRequirement need : UnmetRequirements.unprovided(bundle, wiring)) {
                    if (!wiring.findProviders(need).isEmpty()) {
                        continue; // provided by one installed this round
                    }
                    Optional<BundleIndex.Entry> provider = BundleIndex.best(entries, need, taken);
                    if (provider.isEmpty()) {
                        missing.add(UnmetRequirements.describe(need) + " (for " + bundle.getSymbolicName() + ")");
                        continue;
                    }
                    try {
                        Bundle dependency = context.installBundle(provider.get().file().toUri().toString());
                        bundles.add(dependency);
                        taken.add(dependency.getSymbolicName() + " " + dependency.getVersion());
                        lines.add("installed for " + bundle.getSymbolicName() + ": " + dependency.getSymbolicName() + " "
                                + dependency.getVersion() + " [" + dependency.getBundleId() + "], which provides "
                                + UnmetRequirements.describe(need) + " (" + provider.get().file() + ")");
                        added = true;
                    } catch (BundleException e) {
                        failures.add(provider.get().file() + ": " + reason(e));
                    }
                }
            }
            if (!added) {
                break;
            }
        }
        wiring.resolveBundles(bundles);
        if (!missing.isEmpty()) {
            failures.add("still missing, in neither system/ nor the local Maven repository (" + roots.get(roots.size() - 1)
                    + "): " + String.join("; ", missing));
        }
    }

    /** Where dependencies are looked for: where mvn: URLs are ({@link ArtifactLocator#of}). */
    private List<Path> roots() {
        ArtifactLocator locator = ArtifactLocator.of(context);
        List<Path> roots = new ArrayList<>();
        locator.system().ifPresent(roots::add);
        roots.add(locator.repository().folder());
        return roots;
    }

    private static void startQuietly(Bundle bundle, List<String> failures) {
        if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
            return; // a fragment never starts
        }
        try {
            bundle.start();
        } catch (BundleException | RuntimeException e) {
            failures.add(bundle.getSymbolicName() + " [" + bundle.getBundleId() + "] did not start: " + reason(e));
        }
    }

    /** A location without a scheme is a path, relative to the daemon's working folder (its home). */
    private static String locationOf(String location) {
        return location.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*") ? location : Path.of(location).toAbsolutePath().toUri().toString();
    }

    /** The innermost message: a BundleException wraps the URL handler's, which names what is missing. */
    private static String reason(Exception failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
