package io.procdaemon.itests.process;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * The author's path, exactly as docs/subsystems.md gives it: a project from the archetype, built
 * with one command, offline, deployed by copying one jar and its sample etc/ file, and seen
 * RUNNING with its policy from {@code @Supervised}, its setting from etc/, its metric and its
 * health check. The page's blocks are held to the same path ({@link DocBlock}): its Java and pom
 * blocks are the generated files or are added to the project and compiled with it, its sample
 * log lines must be in the daemon's log. Needs the archetype, the BOM and the API in the local Maven repository: the
 * README's build and test commands ({@code mvn -B install}) put them there before this runs.
 */
public class ArchetypeProcessTest extends ProcessTestSupport {

    /** How docs/subsystems.md counts the template's subsystem: non-blank lines from its first annotation to its end. */
    static final int SUBSYSTEM_LINES = 25;

    @Test
    public void aSubsystemFromTheTemplateBuildsOfflineAndRunsSupervised() throws Exception {
        assertTheInstalledArchetypeIsThisBuilds();
        Path workspace = home.scratch("author");
        Files.createDirectories(workspace);
        maven(workspace, "org.apache.maven.plugins:maven-archetype-plugin:" + System.getProperty("procdaemon.archetype.plugin")
                + ":generate", "-DarchetypeGroupId=io.procdaemon", "-DarchetypeArtifactId=proc-daemon-archetype",
                "-DarchetypeVersion=" + System.getProperty("procdaemon.version"), "-DgroupId=com.example",
                "-DartifactId=greeter", "-Dversion=1.0.0", "-Dpackage=com.example.greeter");
        Path project = workspace.resolve("greeter");
        List<DocBlock> docs = DocBlock.parse(Path.of(System.getProperty("procdaemon.docs"), "subsystems.md"));
        for (DocBlock block : docs) {
            block.applyTo(project);
        }
        maven(project, "package");

        String source = Files.readString(project.resolve("src/main/java/com/example/greeter/Greeter.java"));
        assertEquals(source, SUBSYSTEM_LINES, subsystemLines(source));

        // The sample etc/ file, edited as an operator would: a greeting a test can wait for, often.
        String toml = Files.readString(project.resolve("etc/greeter.toml"))
                .replace("greeting = \"hello\"", "greeting = \"hello from the template\"")
                .replace("interval = 10000", "interval = 200");
        Files.writeString(home.path("etc/greeter.toml"), toml);
        home.launcher("start").assertExit(OK);
        home.deploy("greeter-1.0.0.jar", project.resolve("target/greeter-1.0.0.jar"));

        home.awaitLogLine("hello from the template");
        for (DocBlock block : docs) {
            block.assertInLog(home.log());
        }
        String info = home.client("daemon:info", "greeter").assertExit(OK).output();
        assertTrue(info, info.contains("RUNNING") && info.contains("exponentialBackoff"));
        DistributionHome.await("greetings_total to count", () -> home.client("daemon:metrics").output()
                .matches("(?s).*greetings_total\\{subsystem=\"greeter\"} [1-9].*"), home::log);

        // Its health check acts: an empty greeting makes it, and so the daemon, unhealthy.
        Files.writeString(home.path("etc/greeter.toml"), toml.replace("\"hello from the template\"", "\"\""));
        DistributionHome.await("bin/proc-daemon health to say greeter has nothing to say",
                () -> home.client("daemon:status").output().contains("nothing to say"), home::log);
        DistributionHome.Result health = home.launcher("health");
        assertEquals(health.output(), FAILURE, health.exitCode());
        // A value its Metatype refuses is refused, naming the file; the last good settings stay.
        Files.writeString(home.path("etc/greeter.toml"), toml.replace("interval = 200", "interval = \"soon\""));
        home.awaitLogLine("etc/greeter.toml refused");
        home.launcher("stop").assertExit(OK);
    }

    /** @return the non-blank lines from the class's first annotation to its closing brace */
    static int subsystemLines(String source) {
        List<String> lines = source.lines().toList();
        int first = 0;
        while (!lines.get(first).startsWith("@")) {
            first++;
        }
        return (int) lines.subList(first, lines.size()).stream().filter(line -> !line.isBlank()).count();
    }

    /** A stale archetype in the local repository would test another build's template. */
    private static void assertTheInstalledArchetypeIsThisBuilds() throws IOException {
        String version = System.getProperty("procdaemon.version");
        Path installed = Path.of(System.getProperty("procdaemon.maven.repository"),
                "io/procdaemon/proc-daemon-archetype", version, "proc-daemon-archetype-" + version + ".jar");
        Path built = Path.of(System.getProperty("procdaemon.archetype.jar"));
        assertTrue("the archetype is not in the local Maven repository (" + installed + "): run 'mvn -B install',"
                + " the README's test command", Files.isRegularFile(installed));
        assertArrayEquals("the local Maven repository holds another build's archetype: run 'mvn -B install'",
                Files.readAllBytes(built), Files.readAllBytes(installed));
    }

    /** Runs {@code mvn -B -o <args>} in {@code directory} with this JVM's Java, to its end (bounded). */
    private void maven(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-o",
                "-Dmaven.repo.local=" + System.getProperty("procdaemon.maven.repository")));
        command.addAll(List.of(args));
        Path output = home.scratch("mvn-" + System.nanoTime() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(String.join(" ", command) + " did not end in 5 minutes:\n" + text, ended);
        assertEquals(String.join(" ", command) + ":\n" + text, 0, process.exitValue());
    }
}
