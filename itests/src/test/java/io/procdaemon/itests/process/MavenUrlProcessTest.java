package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * {@code install mvn:groupId/artifactId/version} in the shell, offline: from the local Maven
 * repository that {@code procdaemon.maven.repo.local} names, and from the home's {@code system/};
 * what is in neither is an error naming the URL, both places and what was looked for in each.
 * Before, Gogo's install answered "java.net.MalformedURLException: Unknown protocol: mvn".
 */
public class MavenUrlProcessTest extends ProcessTestSupport {

    private static final Pattern BUNDLE_ID = Pattern.compile("Bundle ID: (\\d+)");

    @Test
    public void installMvnFromTheLocalRepositoryAndFromSystemAndWhatIsMissingNamesWhereItLooked() throws Exception {
        Path repository = Files.createDirectories(home.scratch("m2")).toRealPath();
        Path jar = repository.resolve("io/procdaemon/itests/library/1.0.0/library-1.0.0.jar");
        Files.createDirectories(jar.getParent());
        try (InputStream library = FixtureJars.libraryBundle()) {
            Files.copy(library, jar);
        }
        home.launcher(javaOpts("-Dprocdaemon.maven.repo.local=" + repository), "start").assertExit(OK);

        long library = installed(home.client("install mvn:io.procdaemon.itests/library/1.0.0").assertExit(OK).output());
        home.client("start " + library).assertExit(OK);
        assertEquals(library + " is the library, started", "Active", state(library, FixtureJars.LIBRARY_BSN));
        String locations = home.client("lb -l").assertExit(OK).output();
        assertTrue(locations, locations.lines().anyMatch(line -> line.strip().startsWith(library + "|")
                && line.contains("|mvn:io.procdaemon.itests/library/1.0.0|")));

        // JLine is in system/ (only the console starts it) and not in that repository.
        Path system = home.path("system").toRealPath();
        String jline;
        try (Stream<Path> files = Files.list(system)) {
            jline = files.map(file -> file.getFileName().toString()).filter(name -> name.matches("jline-3\\..*\\.jar"))
                    .findFirst().orElseThrow();
        }
        String version = jline.substring("jline-".length(), jline.length() - ".jar".length());
        long fromSystem = installed(home.client("install mvn:org.jline/jline/" + version).assertExit(OK).output());
        assertEquals("Installed", state(fromSystem, "org.jline"));

        // A failure fails (Gogo's own install printed the exception and exited 0), in the handler's words.
        String missing = home.client("install mvn:io.procdaemon.itests/library/9.9.9").assertExit(FAILURE).output();
        assertFalse(missing, missing.contains("Exception"));
        assertTrue(missing, missing.contains("mvn:io.procdaemon.itests/library/9.9.9 not found (offline; nothing is"
                + " downloaded): looked for library-9.9.9.jar in system/ (" + system + ") and for"
                + " io/procdaemon/itests/library/9.9.9/library-9.9.9.jar in the local Maven repository " + repository
                + " (procdaemon.maven.repo.local = " + repository + "). Versions of io.procdaemon.itests/library it"
                + " holds: 1.0.0."));
        String malformed = home.client("install mvn:io.procdaemon.itests/library").assertExit(FAILURE).output();
        assertTrue(malformed, malformed.contains("'mvn:io.procdaemon.itests/library' is not a Maven coordinate: expected"
                + " mvn:groupId/artifactId/version[/type[/classifier]] (the version is missing)"));
    }

    /**
     * {@code install -r}: what a bundle needs comes along from the local repository, all at once;
     * what is nowhere is named, all at once, and the command fails.
     */
    @Test
    public void installWithResolveBringsWhatABundleNeedsAndNamesWhatIsNowhere() throws Exception {
        Path repository = Files.createDirectories(home.scratch("m2")).toRealPath();
        put(repository, "io/procdaemon/itests/library/1.0.0/library-1.0.0.jar", FixtureJars.libraryBundle());
        put(repository, "io/procdaemon/itests/user/1.0.0/user-1.0.0.jar", FixtureJars.libraryUserBundle());
        put(repository, "io/procdaemon/itests/needy/1.0.0/needy-1.0.0.jar", FixtureJars.needyBundle());
        home.launcher(javaOpts("-Dprocdaemon.maven.repo.local=" + repository), "start").assertExit(OK);

        String user = home.client("install -r -s mvn:io.procdaemon.itests/user/1.0.0").assertExit(OK).output();
        assertTrue(user, user.contains("installed for " + FixtureJars.LIBRARY_USER_BSN + ": " + FixtureJars.LIBRARY_BSN)
                && user.contains("which provides package com.fasterxml.jackson.core [2.17,3)"));
        long userId = installed(user);
        assertEquals("Active", state(userId, FixtureJars.LIBRARY_USER_BSN));

        // The library is installed now; the needy bundle's other needs are nowhere: named at once.
        String needy = home.client("install -r mvn:io.procdaemon.itests/needy/1.0.0").assertExit(FAILURE).output();
        assertTrue(needy, needy.contains("Bundle ID: ") && needy.contains("still missing, in neither system/ nor the local"
                + " Maven repository (" + repository + "): package does.not.exist (for " + FixtureJars.NEEDY_BSN + ");"
                + " extender osgi.cdi"));
        assertFalse(needy, needy.contains("Exception"));
    }

    private static void put(Path repository, String path, InputStream bundle) throws java.io.IOException {
        Path jar = repository.resolve(path);
        Files.createDirectories(jar.getParent());
        try (bundle) {
            Files.copy(bundle, jar);
        }
    }

    private static long installed(String output) {
        Matcher id = BUNDLE_ID.matcher(output);
        assertTrue("install's output: " + output, id.find());
        return Long.parseLong(id.group(1));
    }

    /** @return the state 'lb -s' shows for bundle {@code id}, which must have symbolic name {@code bsn} */
    private String state(long id, String bsn) {
        String list = home.client("lb -s").assertExit(OK).output();
        String line = list.lines().filter(row -> row.strip().startsWith(id + "|")).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + id + " in:\n" + list));
        String[] columns = line.split("\\|");
        assertTrue(line, columns[3].startsWith(bsn + " ("));
        return columns[1].strip();
    }
}
