#!/usr/bin/env bash
# Many idle subsystems in one bundle, in the packaged daemon (issue 14): what they add to its
# memory and threads, and how long the daemon takes to stop them, per kind of subsystem and JDK.
#
#   benchmarks/many-subsystems.sh [-n RUNS] [-N "1000 10000"] [-k "async platform virtual"] [-i SECONDS] [JAVA_HOME...]
#
# JAVA_HOME defaults to the java on PATH and /usr/lib/jvm/temurin-25-jdk-amd64 when present.
# Kinds (ManySubsystems, the bundle benchmarks/target/proc-daemon-benchmarks-*-many-subsystems.jar):
#   async     AsyncSubsystem: its run is its handle's shutdownRequested() stage; no thread
#   platform  a plain Subsystem blocked in awaitShutdown(), on its platform thread
#   virtual   the same on a virtual thread (subsystem.thread = virtual; skipped before JDK 21)
# Health checks are off. One home per JDK (a temporary unpack of the tarball, its cache kept after
# one warm-up boot). RUNS rounds (default 3); in each, every JDK x N x kind once, interleaved. Each:
#   start the daemon with -Dbench.subsystems=N -Dbench.kind=KIND, wait SECONDS (default 5), read
#   VmRSS and Threads (base); copy the bundle into deploy/, wait for its line "bench: N subsystems
#   running", wait SECONDS, read them again; kill -TERM and time until the process has exited (a
#   zombie counts as exited); read the bundle's line "bench: N subsystems ended, X us after the
#   daemon's shutdown began" (every run told and returned, as the subsystems see it) and the
#   ladder's "shutdown: all participants ready after N ms" (every run's service object released
#   and every other participant done: the supervisor's whole stop).
# Reported, median (min, max): base RSS, RSS added, threads added, all running (from the
# bundle's registration to the last run entered), all ended, all released, TERM to exit. A stop
# the ladder had to force past its kill deadline shows as -1 (the lines never came).
# Needs a build: mvn -B -q install -DskipTests (the tarball and the benchmarks' jars).
set -euo pipefail

# shellcheck source=benchmarks/common.sh
. "$(dirname "$0")/common.sh"

runs=3
sizes="1000 10000"
kinds="async platform virtual"
idle=5
while getopts ":n:N:k:i:h" opt; do
    case $opt in
        n) runs=$OPTARG ;;
        N) sizes=$OPTARG ;;
        k) kinds=$OPTARG ;;
        i) idle=$OPTARG ;;
        h) sed -n '2,24s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "usage: $0 [-n RUNS] [-N \"1000 10000\"] [-k \"KIND...\"] [-i SECONDS] [JAVA_HOME...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
bundle=$(ls "$root"/benchmarks/target/proc-daemon-benchmarks-*-many-subsystems.jar 2>/dev/null | head -1)
tarball=$(ls "$root"/distribution/target/proc-daemon-*.tar.gz 2>/dev/null | head -1)
[ -n "$bundle" ] && [ -n "$tarball" ] || { echo "many-subsystems.sh: build first: mvn -B -q install -DskipTests" >&2; exit 2; }

jdks=()
if [ $# -gt 0 ]; then
    jdks=("$@")
else
    jdks+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && jdks+=(/usr/lib/jvm/temurin-25-jdk-amd64)
fi
feature() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

work=$(mktemp -d /tmp/proc-daemon-many.XXXXXX)
running_pid=""
cleanup() { [ -z "$running_pid" ] || kill -KILL "$running_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

status() { sed -n "s/^$2:[[:space:]]*\([0-9]*\).*/\1/p" "/proc/$1/status" 2>/dev/null; }
exited() { local s; s=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null); [ -z "$s" ] || [ "$s" = Z ]; }
# await SECONDS COMMAND...: polls every 20 ms until COMMAND succeeds; fails after SECONDS.
await() {
    local deadline=$(( $(now_ms) + $1 * 1000 )); shift
    until "$@"; do
        [ "$(now_ms)" -lt "$deadline" ] || return 1
        sleep 0.02
    done
}
logged() { grep -qh "$2" "$1"/log/proc-daemon.log* 2>/dev/null; }

homes=()
for jdk in "${jdks[@]}"; do
    h="$work/jdk$(feature "$jdk")"
    mkdir -p "$h" && tar xzf "$tarball" -C "$h" --strip-components=1
    JAVA_HOME=$jdk "$h/bin/proc-daemon" start >/dev/null && "$h/bin/proc-daemon" stop >/dev/null # warm-up: cache and CDS
    homes+=("$h")
done

results="$work/results"
: > "$results"
measure() { # measure JDK HOME N KIND
    local jdk=$1 h=$2 n=$3 kind=$4 pid base_rss base_threads rss threads t0 t1 stop line
    # The framework's cache goes (the CDS archive stays): kept, it would start the last run's bundle
    # again at boot, before FileInstall sees its file gone.
    rm -rf "$h"/log/* "$h"/deploy/*.jar "$h/data/cache"
    JAVA_HOME=$jdk JAVA_OPTS="-Dbench.subsystems=$n -Dbench.kind=$kind" "$h/bin/proc-daemon" start >/dev/null
    pid=$(cat "$h/data/daemon.ready"); running_pid=$pid
    sleep "$idle"
    base_rss=$(status "$pid" VmRSS); base_threads=$(status "$pid" Threads)
    cp "$bundle" "$h/deploy/.many.jar" && mv "$h/deploy/.many.jar" "$h/deploy/many.jar"
    await 300 logged "$h" "bench: $n subsystems running" || { echo "many-subsystems.sh: $kind x $n never all running" >&2; return 1; }
    sleep "$idle"
    rss=$(status "$pid" VmRSS); threads=$(status "$pid" Threads)
    t0=$(now_ms); kill -TERM "$pid"
    await 300 exited "$pid" || { echo "many-subsystems.sh: pid $pid did not exit" >&2; return 1; }
    t1=$(now_ms); running_pid=""
    line=$(grep -h "bench: $n subsystems running" "$h"/log/proc-daemon.log* | head -1 || true)
    local up=${line##*running, }; up=${up%% ms*}
    # A line that never came (the ladder halted the JVM at its kill deadline first) counts as -1.
    line=$(grep -h "bench: $n subsystems ended" "$h"/log/proc-daemon.log* | head -1 || true)
    stop=${line##*ended, }; stop=${stop%% us*}; [ -n "$line" ] || stop=-1000
    line=$(grep -h "shutdown: all participants ready after" "$h"/log/proc-daemon.log* | head -1 || true)
    local ready=${line##*ready after }; ready=${ready%% ms*}; [ -n "$line" ] || ready=-1
    echo "$(basename "$h") $kind $n $((base_rss / 1024)) $(((rss - base_rss) / 1024)) $((threads - base_threads)) $up $((stop / 1000)) $ready $((t1 - t0))" >> "$results"
}

echo "many-subsystems.sh: $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
for ((r = 1; r <= runs; r++)); do
    for i in "${!jdks[@]}"; do
        for n in $sizes; do
            for kind in $kinds; do
                if [ "$kind" = virtual ] && [ "$(feature "${jdks[$i]}")" -lt 21 ]; then continue; fi
                measure "${jdks[$i]}" "${homes[$i]}" "$n" "$kind"
            done
        done
    done
    echo "round $r done, load $(cut -d' ' -f1-3 /proc/loadavg)"
done

column() { awk -v k="$1" -v n="$2" -v j="$3" -v c="$4" '$1==j && $2==k && $3==n {print $c}' "$results" | median; }
printf '\n| JDK | kind | N | base RSS MiB | RSS added MiB | threads added | all running ms | all ended ms | all released ms | TERM to exit ms |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for h in "${homes[@]}"; do
    j=$(basename "$h")
    for n in $sizes; do
        for kind in $kinds; do
            grep -q "^$j $kind $n " "$results" || continue
            printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${j#jdk}" "$kind" "$n" "$(column "$kind" "$n" "$j" 4)" \
                "$(column "$kind" "$n" "$j" 5)" "$(column "$kind" "$n" "$j" 6)" "$(column "$kind" "$n" "$j" 7)" \
                "$(column "$kind" "$n" "$j" 8)" "$(column "$kind" "$n" "$j" 9)" "$(column "$kind" "$n" "$j" 10)"
        done
    done
done
