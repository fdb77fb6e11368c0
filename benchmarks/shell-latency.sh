#!/usr/bin/env bash
# Latency of the attached shell in the packaged daemon (docs/PERFORMANCE.md).
#
#   benchmarks/shell-latency.sh [-n RUNS] [HOME]
#
# HOME defaults to a fresh unpack of distribution/target/proc-daemon-*.tar.gz, with the examples
# bundle in deploy/ when it has been built. The daemon is started, then RUNS times each:
#   - client      `bin/proc-daemon client daemon:status`, whole: a JVM starts, connects, runs the
#                 command and exits (what an operator or a script waits for);
#   - set         `bin/proc-daemon client config:set io.procdaemon.daemon shutdown.graceful N`:
#                 the same plus validation, the write-back to etc/daemon.toml and ConfigAdmin;
#   - session     one command inside a session already open (`client` reading commands from a
#                 pipe): the daemon's own share, without the client JVM's start. Measured as
#                 (time of RUNS+1 commands - time of 1 command) / RUNS.
# Figures are wall-clock milliseconds: median (min, max).
set -euo pipefail

unpacked=false
# shellcheck source=benchmarks/common.sh
. "$(dirname "$0")/common.sh"
bench_home shell "$@"
if $unpacked; then
    cp "$root"/bundles/examples/target/proc-daemon-examples-*.jar "$home/deploy/" 2>/dev/null || true
fi
client="$home/bin/proc-daemon client"

"$home/bin/proc-daemon" start >/dev/null
$client daemon:status >/dev/null # the first client run writes nothing, but warms the OS caches

whole=() set=()
for i in $(seq 1 "$runs"); do
    t0=$(now_ms); $client daemon:status >/dev/null; t1=$(now_ms)
    whole+=($((t1 - t0)))
    t0=$(now_ms); $client config:set io.procdaemon.daemon shutdown.graceful $((3000 + i)) >/dev/null; t1=$(now_ms)
    set+=($((t1 - t0)))
done

one() { local t0 t1; t0=$(now_ms); printf '%s\n' "$@" | $client >/dev/null; t1=$(now_ms); echo $((t1 - t0)); }
commands=()
for i in $(seq 1 "$runs"); do commands+=("daemon:status"); done
session=()
for i in 1 2 3; do
    base=$(one daemon:status)
    many=$(one daemon:status "${commands[@]}")
    session+=($(( (many - base) * 1000 / runs )))
done

echo "java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
echo "client daemon:status, whole process (ms):      $(printf '%s\n' "${whole[@]}" | median)"
echo "client config:set with write-back (ms):       $(printf '%s\n' "${set[@]}" | median)"
echo "one command in an open session (µs):          $(printf '%s\n' "${session[@]}" | median)"
