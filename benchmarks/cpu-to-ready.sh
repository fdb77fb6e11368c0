#!/usr/bin/env bash
# CPU time of the daemon's JVM (user + system, all threads, from /proc/PID/stat) when
# 'bin/proc-daemon start' returns (ready) and 5 s later, kept cache, the homes interleaved; medians
# (min-max). Less sensitive to a loaded machine than wall-clock start times (start-stop.sh).
# Written for docs/logging-backend-study.md.
#
# Usage: benchmarks/cpu-to-ready.sh RUNS HOME...   (JAVA_HOME reaches bin/proc-daemon)
set -u
RUNS=$1; shift
TCK=$(getconf CLK_TCK)
declare -A READY IDLE
for h in "$@"; do "$h/bin/proc-daemon" start >/dev/null && "$h/bin/proc-daemon" stop >/dev/null; done   # warm-up, cache kept
for ((i = 1; i <= RUNS; i++)); do
  for h in "$@"; do
    "$h/bin/proc-daemon" start >/dev/null || { echo "start failed: $h"; exit 1; }
    pid=$(tr -dc 0-9 < "$h/data/daemon.ready")
    read -r -a f < "/proc/$pid/stat"; r=$(( (f[13] + f[14]) * 1000 / TCK ))
    sleep 5
    read -r -a f < "/proc/$pid/stat"; d=$(( (f[13] + f[14]) * 1000 / TCK ))
    "$h/bin/proc-daemon" stop >/dev/null
    READY[$h]+=" $r"; IDLE[$h]+=" $d"
  done
done
med() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%d (%d-%d)", m, a[1], a[NR]}'; }
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); java: ${JAVA_HOME:-default}"
for h in "$@"; do
  echo "$(basename "$h"): CPU ms at ready $(med "${READY[$h]}"); 5 s after ready $(med "${IDLE[$h]}"); samples ready:${READY[$h]} idle:${IDLE[$h]}"
done
