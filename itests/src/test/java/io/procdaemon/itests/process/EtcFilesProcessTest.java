package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * etc/ is exactly what is in force, on the packaged distribution: a file being rewritten never
 * replaces a good configuration with a part of itself; a file gets the same verdict at boot and
 * live, whenever its PID's Metatype description appears; a {@code DAEMON_*} variable that names no
 * key is refused.
 */
public class EtcFilesProcessTest extends ProcessTestSupport {

    private static final String DESCRIBED_PID = "org.acme.web";

    private DistributionHome.Result client(String... command) throws Exception {
        String[] args = new String[command.length + 1];
        args[0] = "client";
        System.arraycopy(command, 0, args, 1, command.length);
        return home.launcher(args);
    }

    private void awaitShell() {
        DistributionHome.await("the shell socket", () -> Files.exists(home.path("data/run/daemon.sock")), home::log);
    }

    /**
     * {@code { sleep 0.5; echo ...; } > etc/app.toml}: the shell truncates the file, which stays
     * empty for half a second, then gets a line that does not parse. The empty file must not be
     * applied (it would wipe the configuration), the bad text is refused, and the last good
     * configuration stays in force.
     */
    @Test
    public void truncateThenWriteNeverReplacesTheLastGoodConfiguration() throws Exception {
        Files.writeString(home.path("etc/app.toml"), "greeting = \"hi\"\n");
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("etc/app.toml applied: configuration app (1 keys)");

        Process writer = new ProcessBuilder("bash", "-c", "{ sleep 0.5; echo 'greeting = = \"x\"'; } > etc/app.toml")
                .directory(home.home().toFile()).inheritIO().start();
        assertTrue("the writer ends", writer.waitFor(DistributionHome.BOUND.toSeconds(), TimeUnit.SECONDS));
        home.awaitLogLine("etc/app.toml refused");
        assertFalse(home.log(), home.log().contains("configuration app (0 keys)"));

        awaitShell();
        String greeting = client("config:get", "app", "greeting").assertExit(OK).output().strip();
        assertEquals("\"hi\"", greeting);
    }

    /**
     * An empty file that stays empty is what the operator meant: once it has been empty for the
     * settle time it is applied, with no keys.
     */
    @Test
    public void aFileThatStaysEmptyIsAppliedOnceSettled() throws Exception {
        Files.writeString(home.path("etc/app.toml"), "greeting = \"hi\"\n");
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("etc/app.toml applied: configuration app (1 keys)");

        Files.write(home.path("etc/app.toml"), new byte[0]);
        home.awaitLogLine("etc/app.toml applied: configuration app (0 keys)");
    }

    /**
     * A bundle whose Metatype description marks keys required without a default (as Felix HTTP's
     * does) must not make a valid file unusable: a live edit of one key is applied, as the same
     * file is at boot.
     */
    @Test
    public void requiredKeysWithoutDefaultInADescriptionDoNotRefuseAValidFile() throws Exception {
        home.deploy("web.jar", describedBundle());
        Files.writeString(home.path("etc/" + DESCRIBED_PID + ".toml"), "port = 8081\n");
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("etc/" + DESCRIBED_PID + ".toml applied: configuration " + DESCRIBED_PID);
        home.awaitLogLine("bundle started: org.acme.web.fixture");

        Files.writeString(home.path("etc/" + DESCRIBED_PID + ".toml"), "port = 8082\n");
        awaitShell();
        DistributionHome.await("port 8082 in force", () -> {
            try {
                return client("config:get", DESCRIBED_PID, "port").output().strip().equals("8082");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, home::log);
        assertFalse(home.log(), home.log().contains("has no default"));
    }

    /**
     * A file for a PID that nothing describes yet is applied; when a bundle that describes the PID
     * arrives, the file is checked again and its refusal logged, as the next boot would.
     */
    @Test
    public void aFileIsCheckedAgainWhenItsDescriptionArrivesAfterBoot() throws Exception {
        Files.writeString(home.path("etc/" + DESCRIBED_PID + ".toml"), "port = \"eighty\"\n");
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("etc/" + DESCRIBED_PID + ".toml applied: configuration " + DESCRIBED_PID);
        home.awaitLogLine("Metatype available");

        home.deploy("web.jar", describedBundle());
        String problem = home.awaitLogLine("etc/" + DESCRIBED_PID + ".toml line 1, column 1, key 'port'");
        assertTrue(problem, problem.contains("expected a whole number within 32 bits, got the string \"eighty\""));
        home.awaitLogLine("etc/" + DESCRIBED_PID + ".toml refused");
        // refused live, the file would never have reached ConfigAdmin: so it leaves it now
        home.awaitLogLine("configuration " + DESCRIBED_PID + " deleted, as there was none before it");
        awaitShell();
        DistributionHome.Result get = client("config:get", DESCRIBED_PID, "port");
        assertTrue(get.output(), get.exitCode() != OK);
    }

    /**
     * An edit made while the daemon is stopped is applied at boot before Metatype can check it
     * (Metatype starts after readiness); once Metatype refuses it, the configuration goes back to
     * the last good one before the bundle that reads it starts (level 80): the verdict of a live edit.
     */
    @Test
    public void anEditMadeWhileStoppedThatItsDescriptionRefusesLeavesTheLastGoodConfigurationInForce() throws Exception {
        home.deploy("web.jar", describedBundle());
        Files.writeString(home.path("etc/" + DESCRIBED_PID + ".toml"), "port = 8081\n");
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("bundle started: org.acme.web.fixture");
        home.launcher("stop").assertExit(OK);

        Files.writeString(home.path("etc/" + DESCRIBED_PID + ".toml"), "port = \"eighty\"\n");
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("configuration " + DESCRIBED_PID + " restored to what was in force before it");
        awaitShell();
        assertEquals("8081", client("config:get", DESCRIBED_PID, "port").assertExit(OK).output().strip());
    }

    /** A file above procdaemon.config.max.bytes (1 MiB) is refused before it is read; the daemon runs on. */
    @Test
    public void aFileAboveTheSizeLimitIsRefusedNamingItsSizeAndTheLimit() throws Exception {
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("etc/daemon.toml applied");
        Files.writeString(home.path("etc/big.toml"), "# filler\n".repeat(120_000) + "value = 1\n");
        String refused = home.awaitLogLine("etc/big.toml: is 1080010 bytes, more than the 1048576 bytes a file of etc/ may hold");
        assertTrue(refused, refused.contains("procdaemon.config.max.bytes"));
        home.awaitLogLine("etc/big.toml refused (1 problem)");
        home.launcher("status").assertExit(OK);
    }

    @Test
    public void aDaemonVariableThatNamesNoKeyIsRefusedWithTheValidNames() throws Exception {
        DistributionHome.Result run = home.launcher(Map.of("DAEMON_FOO", "1"), "run");
        run.assertExit(BAD_CONFIGURATION);
        assertTrue(run.output(), run.output().contains("DAEMON_FOO=\"1\" matches no key of io.procdaemon.daemon"));
        assertTrue(run.output(), run.output().contains("DAEMON_NAME"));
    }

    /**
     * A bundle with a Metatype description of {@value #DESCRIBED_PID}: {@code port} an integer,
     * required, default 8080; {@code host} and {@code path} required without a default (the
     * component would default them itself, as Felix HTTP's does).
     */
    private static InputStream describedBundle() {
        String metatype = String.join("\n", List.of(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<metatype:MetaData xmlns:metatype=\"http://www.osgi.org/xmlns/metatype/v1.4.0\">",
                "  <OCD id=\"" + DESCRIBED_PID + "\" name=\"Web\">",
                "    <AD id=\"port\" type=\"Integer\" required=\"true\" default=\"8080\"/>",
                "    <AD id=\"host\" type=\"String\" required=\"true\"/>",
                "    <AD id=\"path\" type=\"String\" required=\"true\"/>",
                "  </OCD>",
                "  <Designate pid=\"" + DESCRIBED_PID + "\"><Object ocdref=\"" + DESCRIBED_PID + "\"/></Designate>",
                "</metatype:MetaData>", ""));
        return TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, "org.acme.web.fixture")
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .addResource("OSGI-INF/metatype/web.xml", new ByteArrayInputStream(metatype.getBytes(StandardCharsets.UTF_8)))
                .build(TinyBundles.rawBuilder());
    }
}
