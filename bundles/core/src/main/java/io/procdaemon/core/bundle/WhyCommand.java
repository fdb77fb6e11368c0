package io.procdaemon.core.bundle;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code daemon:why <bundle>}: why a bundle is not running, with everything it needs at once
 * ({@link UnmetRequirements}), the same words as the log's line. The bundle is named by its id,
 * its symbolic name, or its file name in {@code deploy/}.
 *
 * <p>Registered by the core itself, as {@link io.procdaemon.core.diagnostics.DiagnosticCommands}
 * are; delayed (it keeps no state), so it costs nothing until first used.
 */
@Component(service = WhyCommand.class, property = {"osgi.command.scope=daemon", "osgi.command.function=why"})
public final class WhyCommand {

    private final BundleContext context;

    @Activate
    public WhyCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("say why a bundle is not running: everything it needs that no bundle provides, at once")
    public String why(@Descriptor("the bundle: its id, symbolic name, or file name in deploy/") String name) {
        List<Bundle> matches = find(name);
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no bundle '" + name + "'; name it by id, symbolic name or file name in"
                    + " deploy/ ('lb' lists the bundles)");
        }
        List<String> answers = new ArrayList<>();
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        for (Bundle bundle : matches) {
            answers.add(answer(bundle, wiring));
        }
        return String.join("\n", answers);
    }

    private static String answer(Bundle bundle, FrameworkWiring wiring) {
        String who = BundleEventReporter.describe(bundle);
        if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
            return who + " is a fragment (" + state(bundle) + "): it never starts; it runs as part of its host "
                    + bundle.getHeaders("").get(Constants.FRAGMENT_HOST);
        }
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> who + " is ACTIVE: nothing is missing";
            case Bundle.STARTING -> who + " is STARTING" + (String.valueOf(bundle.getHeaders("")
                    .get(Constants.BUNDLE_ACTIVATIONPOLICY)).startsWith(Constants.ACTIVATION_LAZY) ? " (lazy: it activates when a class of it is first loaded)"
                    : ": its activator has not returned yet");
            case Bundle.RESOLVED -> who + " is RESOLVED: nothing is missing, but it is not started"
                    + (bundle.adapt(BundleStartLevel.class).isPersistentlyStarted()
                            ? " (it is meant to run: its activator failed, see the log, or its start level is not reached yet)"
                            : " ('start " + bundle.getBundleId() + "' starts it)");
            case Bundle.INSTALLED -> installed(bundle, who, UnmetRequirements.of(bundle, wiring), wiring);
            default -> who + " is " + state(bundle);
        };
    }

    private static String installed(Bundle bundle, String who, List<UnmetRequirements.Need> needs, FrameworkWiring wiring) {
        // Nothing unmet: resolving it is the only way to tell a bundle nobody started from a conflict.
        if (needs.isEmpty() && wiring.resolveBundles(List.of(bundle))) {
            return who + " was INSTALLED and resolves (it is RESOLVED now): nothing is missing; nobody started it ('start "
                    + bundle.getBundleId() + "' does)";
        }
        if (needs.isEmpty()) {
            return who + " is INSTALLED: every requirement has a resolved provider, so providers conflict (two versions"
                    + " of a package reach it through different bundles: a uses constraint); the resolver's message is in"
                    + " the log ('Error while starting bundle'), or 'start' it to see it";
        }
        StringBuilder text = new StringBuilder(who + " is INSTALLED: it cannot resolve; it needs " + needs.size()
                + (needs.size() == 1 ? " thing:" : " things:"));
        needs.forEach(need -> text.append("\n  ").append(need));
        return text.toString();
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private List<Bundle> find(String name) {
        List<Bundle> found = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (String.valueOf(bundle.getBundleId()).equals(name) || name.equals(bundle.getSymbolicName())
                    || (location != null && location.endsWith("/" + name))) {
                found.add(bundle);
            }
        }
        return found;
    }
}
