package io.procdaemon.core.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Where the local Maven repository is, and which setting said so, in this order (the first that
 * is set wins):
 * <ol>
 * <li>the framework property {@value #PROPERTY} ({@code etc/config.properties}, or
 * {@code -Dprocdaemon.maven.repo.local=...} in {@code JAVA_OPTS});</li>
 * <li>{@code <localRepository>} of Maven's user settings, {@code ~/.m2/settings.xml}, with
 * {@code ${user.home}} and {@code ${env.NAME}} expanded as Maven does;</li>
 * <li>{@code ~/.m2/repository}, Maven's default.</li>
 * </ol>
 * Read at each lookup (a few file reads, only when an {@code mvn:} URL is opened), so a changed
 * settings file applies without a restart. A settings file that cannot be read or parsed is named
 * in {@link #source()} and the default applies.
 *
 * @param folder the repository's folder
 * @param source which setting named it, in words, for error messages
 */
public record LocalRepository(Path folder, String source) {

    /** The framework property that names the local repository. */
    public static final String PROPERTY = "procdaemon.maven.repo.local";

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(user\\.home|env\\.([A-Za-z0-9_]+))}");

    /**
     * @param property the value of {@value #PROPERTY}, or {@code null}
     * @param userHome the user's home ({@code user.home})
     * @param environment the process's environment, for {@code ${env.NAME}} in the settings
     */
    public static LocalRepository find(String property, Path userHome, Map<String, String> environment) {
        if (property != null && !property.isBlank()) {
            return new LocalRepository(Path.of(property.strip()).toAbsolutePath(), PROPERTY + " = " + property.strip());
        }
        Path settings = userHome.resolve(".m2/settings.xml");
        Path fallback = userHome.resolve(".m2/repository");
        if (!Files.isRegularFile(settings)) {
            return new LocalRepository(fallback, "Maven's default; " + PROPERTY + " in etc/config.properties names another");
        }
        String configured;
        try {
            configured = localRepositoryIn(settings);
        } catch (IOException | SAXException | ParserConfigurationException e) {
            return new LocalRepository(fallback, "Maven's default: " + settings + " could not be read (" + e.getMessage() + ")");
        }
        if (configured == null || configured.isBlank()) {
            return new LocalRepository(fallback, "Maven's default; " + settings + " names none");
        }
        String expanded = expand(configured.strip(), userHome, environment);
        return new LocalRepository(Path.of(expanded).toAbsolutePath(), "<localRepository> of " + settings);
    }

    private static String localRepositoryIn(Path settings) throws IOException, SAXException, ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // A settings file names a folder; it has no business fetching entities or DTDs.
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = Files.newInputStream(settings)) {
            DocumentBuilder builder = factory.newDocumentBuilder();
            // Errors come back as the exception only, not also printed on standard error.
            builder.setErrorHandler(new DefaultHandler());
            Element root = builder.parse(in).getDocumentElement();
            NodeList children = root.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element element && "localRepository".equals(element.getLocalName())) {
                    return element.getTextContent();
                }
            }
            return null;
        }
    }

    private static String expand(String value, Path userHome, Map<String, String> environment) {
        Matcher matcher = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group(2) == null ? userHome.toString()
                    : environment.getOrDefault(matcher.group(2), matcher.group());
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(out).toString();
    }
}
