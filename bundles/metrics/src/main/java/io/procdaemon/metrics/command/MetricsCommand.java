package io.procdaemon.metrics.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.metrics.Metrics;

/**
 * {@code daemon:metrics}: every metric of the daemon in the Prometheus text format, as a scrape
 * would see it (pipe it to {@code promtool check metrics}).
 */
@Component(service = MetricsCommand.class,
        property = {"osgi.command.scope=daemon", "osgi.command.function=metrics"})
public final class MetricsCommand {

    private final Metrics metrics;

    /** @param metrics the daemon's registry */
    @Activate
    public MetricsCommand(@Reference Metrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @return the Prometheus text exposition (format 0.0.4)
     * @throws IOException never in practice (written to memory)
     */
    @Descriptor("every metric of the daemon in the Prometheus text format: JVM, process, subsystems")
    public String metrics() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        metrics.writeText(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
