package io.procdaemon.core.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.url.AbstractURLStreamHandlerService;
import org.osgi.service.url.URLConstants;
import org.osgi.service.url.URLStreamHandlerService;

/**
 * The {@code mvn:} URL protocol, offline: {@code mvn:groupId/artifactId/version[/type[/classifier]]}
 * opens the artifact's file from the home's {@code system/} or the local Maven repository
 * ({@link ArtifactLocator}), wherever the framework opens a bundle location or anyone opens a URL:
 * Gogo's {@code install mvn:...} and {@code update <id> mvn:...}, {@code BundleContext.installBundle}.
 *
 * <p>A URL handler service of the OSGi URL Handlers specification, which Felix turns into the
 * JVM's handler for {@code mvn}. Delayed: its class is loaded and it is created when an
 * {@code mvn:} URL is first used, so a boot pays only for the service's registration. Chosen over
 * Pax URL's Aether resolver (remote repositories, settings, mirrors, a few MiB at every start)
 * because the daemon only ever reads files already on the machine; measured in
 * docs/PERFORMANCE.md ("Provisioning from mvn: URLs").
 *
 * <p>A URL that is not a Maven coordinate is a {@link java.net.MalformedURLException}, and an
 * artifact in neither place a {@link java.io.FileNotFoundException}, raised when the connection
 * is opened; both messages name the URL, the places and paths looked at.
 */
@Component(service = URLStreamHandlerService.class, property = URLConstants.URL_HANDLER_PROTOCOL + "=mvn")
public final class MavenUrlHandler extends AbstractURLStreamHandlerService {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.bundles");

    private final ArtifactLocator locator;

    @Activate
    public MavenUrlHandler(BundleContext context) {
        this.locator = ArtifactLocator.of(context);
    }

    @Override
    public URLConnection openConnection(URL url) {
        return new ArtifactConnection(url, locator);
    }

    /** Finds the file when connected; reads it as a file. */
    private static final class ArtifactConnection extends URLConnection {

        private final ArtifactLocator locator;
        private Path file;

        ArtifactConnection(URL url, ArtifactLocator locator) {
            super(url);
            this.locator = locator;
        }

        @Override
        public void connect() throws IOException {
            if (!connected) {
                file = locator.locate(MavenCoordinates.parse(url.toString()));
                connected = true;
                LOG.log(System.Logger.Level.DEBUG, () -> url + " is " + file);
            }
        }

        @Override
        public InputStream getInputStream() throws IOException {
            connect();
            return Files.newInputStream(file);
        }

        @Override
        public long getContentLengthLong() {
            try {
                connect();
                return Files.size(file);
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public long getLastModified() {
            try {
                connect();
                return Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
