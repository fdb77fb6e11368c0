package io.procdaemon.runtime;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;

import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.helpers.DefaultHandler;

/**
 * Warms, on a second thread, the parts of the JDK the boot will need cold and one after another on
 * its single critical path, while {@code main} sets up the log, the lock and Felix.
 *
 * <p>Why: on a small machine the boot is one thread's work (Felix starts bundles in sequence),
 * and with the JIT's thresholds raised the second CPU idles. What is warmed here is what a
 * profile of the boot showed as the costliest first uses (docs/PERFORMANCE.md, issue 14): SCR's
 * first component descriptor meets JAXP's SAX parser cold (~85 ms for the first parse against
 * ~5 ms for the next, with the CDS archive), SCR builds a {@link Proxy} for each component
 * property type, and Felix, SCR and the log format messages. Everything here is what the boot
 * would run anyway, minus its result: nothing is cached for later use, no provider is chosen
 * (the factory is looked up as every bundle looks it up), and a failure is ignored, since the
 * boot does the same work again on its own.
 */
final class Preload {

    /** A component descriptor of the shape SCR parses, namespaces included. */
    private static final String DESCRIPTOR = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.4.0\" name=\"preload\" immediate=\"true\">"
            + "<property name=\"p\" type=\"String\" value=\"v\"/><service><provide interface=\"java.lang.Runnable\"/></service>"
            + "<reference name=\"r\" interface=\"java.lang.Runnable\" cardinality=\"0..1\" policy=\"dynamic\"/>"
            + "<implementation class=\"preload.Component\"/></scr:component>";

    private Preload() {
    }

    /** Starts the warming thread; it ends by itself in a fraction of the boot. */
    static void inBackground() {
        Thread thread = new Thread(Preload::warm, "procdaemon-preload");
        thread.setDaemon(true);
        thread.start();
    }

    static void warm() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.newSAXParser().parse(new ByteArrayInputStream(DESCRIPTOR.getBytes(StandardCharsets.UTF_8)),
                    new DefaultHandler());
            Object proxy = Proxy.newProxyInstance(Preload.class.getClassLoader(), new Class<?>[] {Runnable.class},
                    (self, method, args) -> null);
            ((Runnable) proxy).run();
            MessageFormat.format("{0} {1}", "preload", 1);
        } catch (Exception | LinkageError e) {
            // The boot does all of this itself, and reports what fails there.
        }
    }
}
