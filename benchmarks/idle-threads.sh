#!/usr/bin/env bash
# The raw cost of one thread per idle subsystem (issues 10 and 14), without the daemon: memory,
# OS threads, and the time from releasing N parked threads until all have ended, per thread model
# and JDK. Each measurement is a fresh JVM (io.procdaemon.benchmarks.IdleThreads) with the
# launcher's JVM options (bin/proc-daemon: -XX:+UseSerialGC -Xms8m -Xss512k -XX:MaxMetaspaceSize=128m).
#
#   benchmarks/idle-threads.sh [-n RUNS] [-N "1000 10000"] [-m "MODEL..."] [JAVA_HOME...]
#
# JAVA_HOME defaults to the java on PATH and /usr/lib/jvm/temurin-25-jdk-amd64 when present.
# Models: platform (the -Xss size, 512 KiB), platform-256 and platform-128 (stackSize requested
# through the Thread constructor), virtual (JDK 21+ only), and for comparison callback (no thread
# per subsystem: a callback per subsystem on a shared pool). -m measures only the models named
# (virtual is skipped on a JDK before 21). First, per JDK and model, the depth one
# thread recurses to before StackOverflowError, interpreted (does the JVM honour the requested
# size? platform-64 shows where it stops shrinking). Then RUNS
# rounds (default 5); in each, every JDK x model x N once, interleaved so that the load of a shared
# machine falls on all alike. Per combination: median (min, max) of
#   rss       VmRSS after all N are parked minus before they were started (MiB), and per thread (KiB)
#   threads   Threads of /proc/self/status after minus before (OS threads)
#   start     creating and starting the N threads (ms)
#   stop      counting down every thread's latch until every thread has been joined (ms)
# Needs a build: mvn -B -q package -DskipTests.
set -euo pipefail

# shellcheck source=benchmarks/common.sh
. "$(dirname "$0")/common.sh"

runs=5
sizes="1000 10000"
only=""
while getopts ":n:N:m:h" opt; do
    case $opt in
        n) runs=$OPTARG ;;
        N) sizes=$OPTARG ;;
        m) only=$OPTARG ;;
        h) sed -n '2,22s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "usage: $0 [-n RUNS] [-N \"1000 10000\"] [-m \"MODEL...\"] [JAVA_HOME...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "idle-threads.sh: no $jar; build first: mvn -B -q package -DskipTests" >&2; exit 2; }

javas=()
if [ $# -gt 0 ]; then
    for h in "$@"; do javas+=("$h/bin/java"); done
else
    javas+=("$(command -v java)")
    [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && javas+=(/usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
fi

feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
flags() { # the launcher's options for this java (bin/proc-daemon java_options, without CDS and logging)
    local opts=(-XX:+UseSerialGC -Xms8m -Xss512k -XX:MaxMetaspaceSize=128m -Xshare:auto)
    [ "$(feature "$1")" -lt 24 ] || opts+=(--sun-misc-unsafe-memory-access=allow)
    echo "${opts[@]}"
}
models() {
    local all="platform platform-256 platform-128 callback" m
    [ "$(feature "$1")" -lt 21 ] || all+=" virtual"
    if [ -z "$only" ]; then echo "$all"; return; fi
    for m in $only; do [[ " $all " == *" $m "* ]] && echo "$m"; done
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }

echo "== idle threads, $(date -u '+%Y-%m-%dT%H:%M:%SZ'), $(nproc) CPUs, $runs runs, N = $sizes"
for j in "${javas[@]}"; do
    echo "java $j: $("$j" -version 2>&1 | head -n 1); options: $(flags "$j")"
    # -Xint: interpreted frames only, so the depth follows the stack size (a JIT compilation in
    # the middle of the recursion would change the frame size); platform-64 shows the JVM's floor.
    for m in $(models "$j") platform-64; do
        [ "$m" != callback ] || continue
        # shellcheck disable=SC2046 # options are words
        echo "  stack depth, $m: $("$j" $(flags "$j") -Xint -cp "$jar" io.procdaemon.benchmarks.IdleThreads stack "$m" | field depth) frames"
    done
done

out=$(mktemp "/tmp/idle-threads.XXXXXX")
trap 'rm -f "$out"' EXIT
echo "load average (1/5/15 min) before: $(load)"
for i in $(seq 1 "$runs"); do
    for j in "${javas[@]}"; do
        for m in $(models "$j"); do
            for n in $sizes; do
                # shellcheck disable=SC2046
                line=$("$j" $(flags "$j") -cp "$jar" io.procdaemon.benchmarks.IdleThreads "$m" "$n")
                echo "$j $line" >> "$out"
            done
        done
    done
    echo "load average after round $i: $(load)"
done

echo
printf '%-8s %-13s %6s  %-22s %-22s %-16s %-22s %-22s\n' java model N "rss MiB" "KiB/thread" threads "start ms" "stop ms"
for j in "${javas[@]}"; do
    v=$(feature "$j")
    for m in $(models "$j"); do
        for n in $sizes; do
            rows=$(grep -F "$j model=$m n=$n " "$out")
            rss=$(echo "$rows" | field rss_delta_kib | awk '{printf "%d\n", $1 / 1024}' | median)
            per=$(echo "$rows" | field rss_delta_kib | awk -v n="$n" '{printf "%d\n", $1 / n}' | median)
            thr=$(paste <(echo "$rows" | field threads_after) <(echo "$rows" | field threads_before) | awk '{print $1 - $2}' | median)
            start=$(echo "$rows" | field start_ms | median)
            stop=$(echo "$rows" | field stop_ms | median)
            printf '%-8s %-13s %6s  %-22s %-22s %-16s %-22s %-22s\n' "$v" "$m" "$n" "$rss" "$per" "$thr" "$start" "$stop"
        done
    done
done
echo
echo "raw lines:"
cat "$out"
