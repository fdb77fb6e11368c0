package io.procdaemon.core.resources;

/** What the daemon samples of its own process, each with the unit its limits are given in. */
enum Resource {
    /** Resident memory ({@code VmRSS}), in MiB. */
    RSS("rss", "MiB", "_mib"),
    /** Java heap in use after the last garbage collection (live data, not garbage), in MiB. */
    HEAP("heap", "MiB", "_mib"),
    /** Threads of the process. */
    THREADS("threads", "threads", ""),
    /** Open file descriptors (files, sockets, pipes). */
    OPEN_FILES("open_files", "files", ""),
    /** CPU used since the previous sample, in percent of one CPU (200 is two CPUs busy). */
    CPU("cpu", "%", "_percent");

    private final String key;
    private final String unit;
    private final String suffix;

    Resource(String key, String unit, String suffix) {
        this.key = key;
        this.unit = unit;
        this.suffix = suffix;
    }

    /** @return the configuration key of its soft limit, e.g. {@code resources.rss_soft_mib} */
    String softKey() {
        return "resources." + key + "_soft" + suffix;
    }

    /** @return the configuration key of its hard limit, e.g. {@code resources.rss_hard_mib} */
    String hardKey() {
        return "resources." + key + "_hard" + suffix;
    }

    /** @return its name in the configuration's keys and in reports, e.g. {@code open_files} */
    String key() {
        return key;
    }

    String unit() {
        return unit;
    }
}
