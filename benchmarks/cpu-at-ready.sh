#!/usr/bin/env bash
#
# CPU time a daemon has used when it reports ready, and 5 s later (after the bundles above the
# ready level have started), and the classes it has loaded by then: figures that depend much less
# on other work on the machine than wall times do (issue 11's study, docs/metrics-study.md).
# Homes are measured interleaved, with a kept cache (one start first to fill it).
#
# Usage: benchmarks/cpu-at-ready.sh [-n RUNS] HOME...    (JAVA_HOME as for bin/proc-daemon)

set -eu
RUNS=6
[ "${1:-}" = -n ] && { RUNS=$2; shift 2; }
[ $# -ge 1 ] || { sed -n '3,9s/^# \{0,1\}//p' "$0" >&2; exit 2; }
TICK=$(getconf CLK_TCK)
JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd

cpu_ms() { local f; read -r -a f < "/proc/$1/stat"; echo $(( (f[13] + f[14]) * 1000 / TICK )); }

declare -A ready after classes
for home in "$@"; do "$home/bin/proc-daemon" start >/dev/null && "$home/bin/proc-daemon" stop >/dev/null; done
for run in $(seq "$RUNS"); do
    for home in "$@"; do
        "$home/bin/proc-daemon" start >/dev/null
        pid=$(tr -dc 0-9 < "$home/data/daemon.pid")
        ready[$home]+="$(cpu_ms "$pid") "
        sleep 5
        after[$home]+="$(cpu_ms "$pid") "
        classes[$home]+="$("$JCMD" "$pid" PerfCounter.print | sed -n 's/^java.cls.loadedClasses=//p') "
        "$home/bin/proc-daemon" stop >/dev/null
    done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%d (%d-%d)", m, a[1], a[NR]}'; }
uptime
printf '%-40s %-22s %-22s %s\n' home "CPU ms at ready" "CPU ms 5 s later" "classes loaded outside the CDS archive"
for home in "$@"; do
    printf '%-40s %-22s %-22s %s\n' "$home" "$(median <<< "${ready[$home]}")" "$(median <<< "${after[$home]}")" "$(median <<< "${classes[$home]}")"
done
