package io.procdaemon.core.bundle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A requirement in an operator's words, from its namespace and filter: {@code package
 * com.fasterxml.jackson.core [2.17,3)} rather than {@code osgi.wiring.package;
 * (&(osgi.wiring.package=com.fasterxml.jackson.core)(version>=2.17.0)(!(version>=3.0.0)))}.
 * Pure text: tested without a framework.
 *
 * <p>The filters read are those bnd and the framework write for version ranges: a lower bound as
 * {@code (version>=A)} (or {@code (!(version<=A))} when excluded), an upper one as
 * {@code (!(version>=B))} (or {@code (version<=B)} when included), an exact one as
 * {@code (version=A)}; {@code bundle-version} alike. Anything else keeps its filter, so nothing is lost in the wording.
 */
final class RequirementText {

    private static final Pattern BOUND = Pattern.compile("\\((!\\()?(?:bundle-)?version(>=|<=|=)([^()]+)\\)\\)?");

    private RequirementText() {
    }

    /**
     * @param namespace the requirement's namespace ({@code osgi.wiring.package} ...)
     * @param filter its {@code filter} directive, or {@code null}
     * @return what is required, e.g. {@code package org.slf4j [1.7,3)} or {@code extender osgi.cdi 1.0 or later}
     */
    static String describe(String namespace, String filter) {
        String kind = switch (namespace) {
            case "osgi.wiring.package" -> "package";
            case "osgi.wiring.bundle" -> "bundle";
            case "osgi.wiring.host" -> "host bundle";
            case "osgi.extender" -> "extender";
            case "osgi.service" -> "service";
            case "osgi.implementation" -> "implementation";
            case "osgi.contract" -> "contract";
            default -> null;
        };
        String name = filter == null ? null : attribute(filter, namespace.equals("osgi.service") ? "objectClass" : namespace);
        if (kind == null || name == null) {
            return "capability " + namespace + (filter == null ? "" : " " + filter);
        }
        String range = range(filter);
        return kind + " " + name + (range.isEmpty() ? "" : " " + range);
    }

    /** @return "exports" for a package, "provides" for anything else */
    static String verb(String namespace) {
        return "osgi.wiring.package".equals(namespace) ? "exports" : "provides";
    }

    /** @return the value of {@code (key=value)} in the filter (not a range operator), or {@code null} */
    private static String attribute(String filter, String key) {
        Matcher matcher = Pattern.compile("\\(" + Pattern.quote(key) + "=([^()]*)\\)").matcher(filter);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** @return the version range of the filter as OSGi writes one ({@code [2.17,3)}), or "" when there is none */
    static String range(String filter) {
        String low = null;
        String high = null;
        boolean lowIncluded = true;
        boolean highIncluded = false;
        Matcher matcher = BOUND.matcher(filter);
        while (matcher.find()) {
            boolean negated = matcher.group(1) != null;
            String op = matcher.group(2);
            String version = shortVersion(matcher.group(3));
            if (op.equals("=") && !negated) {
                return "[" + version + "]";
            } else if (op.equals(">=") && !negated) {
                low = version;
                lowIncluded = true;
            } else if (op.equals(">=")) {
                high = version;
                highIncluded = false;
            } else if (op.equals("<=") && !negated) {
                high = version;
                highIncluded = true;
            } else if (op.equals("<=")) {
                low = version;
                lowIncluded = false;
            }
        }
        if (low == null && high == null) {
            return "";
        }
        if (high == null) {
            return lowIncluded ? low + " or later" : "later than " + low;
        }
        return (lowIncluded ? "[" : "(") + (low == null ? "0" : low) + "," + high + (highIncluded ? "]" : ")");
    }

    /** 2.17.0 → 2.17, 3.0.0 → 3; a qualifier keeps the whole version. */
    private static String shortVersion(String version) {
        String v = version.strip();
        while (v.endsWith(".0") && v.indexOf('.') != v.lastIndexOf('.') || v.matches("\\d+\\.0")) {
            v = v.substring(0, v.length() - 2);
        }
        return v;
    }
}
