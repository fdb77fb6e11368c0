package io.procdaemon.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class DeployInstallsTest {

    private final Path folder = Path.of("/opt/pd/deploy");
    private final DeployInstalls installs = new DeployInstalls(folder.toString(), () -> { });

    @Test
    void aFileDirectlyInTheDeployFolderIsFromDeploy() {
        assertTrue(installs.fromDeploy(folder.resolve("app.jar").toUri().toString()));
        assertTrue(installs.fromDeploy("file:/opt/pd/deploy/../deploy/app.jar"));
    }

    @Test
    void elsewhereIsNot() {
        assertFalse(installs.fromDeploy("file:/opt/pd/system/proc-daemon-core.jar"));
        assertFalse(installs.fromDeploy("file:/opt/pd/deploy/sub/app.jar"), "FileInstall deploys the folder's own jars only");
        assertFalse(installs.fromDeploy("mvn:io.procdaemon/app/1.0"));
        assertFalse(installs.fromDeploy("file:relative/app.jar"));
        assertFalse(installs.fromDeploy(null));
        assertFalse(new DeployInstalls(null, () -> { }).fromDeploy(folder.resolve("app.jar").toUri().toString()),
                "no FileInstall folder: nothing is from deploy/");
    }
}
