package io.procdaemon.examples;

import java.time.Instant;

/** A service one subsystem provides and another uses: what makes their stop order matter. */
public interface TimeSource {

    /** @return the current tick */
    Instant tick();
}
