package io.procdaemon.core.signal;

/**
 * Told around a reload (SIGHUP, {@code daemon:reload}): {@link #reloading()} before the reload
 * subscribers run, {@link #reloaded()} once each has returned. The systemd notifier sends
 * {@code RELOADING=1} and {@code READY=1} from these. Published inside the core bundle only.
 */
public interface ReloadObserver {

    /** A reload begins. */
    void reloading();

    /** The reload subscribers have all returned. */
    void reloaded();
}
