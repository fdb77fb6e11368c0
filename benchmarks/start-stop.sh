#!/usr/bin/env bash
#
# Whole-process benchmark of proc-daemon: start (first boot and kept cache), the daemon's own
# "ready in N ms", stop, idle memory and threads, and hot-deploy latency.
#
# Usage: benchmarks/start-stop.sh [options] [VARIANT...]
#
#   VARIANT       what to measure; several are measured interleaved (run 1 of each, then run 2 of
#                 each, ...), so that the load of a shared machine falls on all of them alike:
#                   HOME         an unpacked distribution home (bin/ etc/ lib/ system/ ...), with
#                                JAVA_OPTS from the environment. Its data/ is deleted (first-boot
#                                runs); deploy/ and log/ are written to.
#                   HOME:OPTS    the same with JAVA_OPTS=OPTS
#                   :OPTS        a temporary copy of distribution/target/proc-daemon-*.tar.gz (run
#                                'mvn -B -q package -DskipTests' first) with JAVA_OPTS=OPTS
#                   felix[:OPTS] the reference: a temporary copy of benchmarks/target/bare-felix (built
#                                by the same command from the local Maven repository), a bare Felix
#                                7.0.5 started by its own launcher (java OPTS -jar bin/felix.jar) with
#                                the framework services proc-daemon ships (SCR, ConfigAdmin, FileInstall,
#                                EventAdmin, Metatype, Log, Gogo) and default JVM options. Its marker
#                                bundle logs "ready in" when the framework reports STARTED; first
#                                boot empties its felix-cache/; stops are kill -TERM.
#                 Default: one temporary copy with JAVA_OPTS from the environment.
#   -n N          runs per measurement (default 10; RUNS in the environment works too)
#   -b JAR        bundle for the hot-deploy test (default bundles/examples/target/proc-daemon-examples-*.jar)
#   -s BSN        its Bundle-SymbolicName (default: read from its manifest, else io.procdaemon.examples)
#   -i SECONDS    how long after ready the idle RSS and thread count are read (default 5)
#   -k            keep the temporary homes (their paths are printed)
#   -h            this text
#
# Environment: JAVA_HOME and JAVA_OPTS reach bin/proc-daemon, so for example
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/start-stop.sh
#   benchmarks/start-stop.sh -n 6 : :-XX:TieredStopAtLevel=1 ':-Xms8m -Xmx64m'
#   benchmarks/start-stop.sh -n 6 : felix      # proc-daemon against the bare-Felix reference
#
# What is measured (every figure: median, min and max over the runs, in ms unless told):
#   first boot       data/ emptied, then 'bin/proc-daemon start' until it returns (it returns once
#                    the daemon is ready: data/daemon.ready holds its pid)
#   kept cache       the same with data/ (framework cache and the CDS archive in data/cds/) kept
#   ready in         the daemon's own figure, log line 'proc-daemon ready in N ms' (from the
#                    launcher script's launch of the JVM to the core services registered)
#   CPU until ready  user + system CPU time of the JVM when start returns (/proc/PID/stat, in
#                    10 ms ticks): the work of the boot, less sensitive to the machine's load
#                    than wall time; on 2 CPUs the JIT's threads are a large part of it
#   first stop       'bin/proc-daemon stop' right after a first boot (the JVM writes its CDS archive)
#   stop, script     wall time of 'bin/proc-daemon stop' right after a kept-cache start
#   idle RSS/threads VmRSS and Threads of /proc/PID/status, -i seconds after ready
#   hot deploy       from copying the jar into deploy/ (as .NAME.jar, then mv to NAME.jar) until
#                    the log shows 'bundle started: BSN'; hot undeploy: rm until 'bundle uninstalled'
#   stop, TERM       after the idle and deploy figures, 'kill -TERM' until the process has exited
#                    (a zombie counts as exited: in a container PID 1 may reap orphans late)
# In the idle batch the variants' daemons run side by side while they idle (one at a time is
# started, deployed to and stopped). With a felix variant the report ends with each variant's
# ready time as a fraction of the bare Felix's (issue 14's target: at most 0.6).
#
# Needs bash 5 (EPOCHREALTIME), coreutils, procps (uptime), grep, sed, find, tar, and unzip if present. Timing loops read /proc and
# the log with shell builtins and sleep on a FIFO, so polling forks nothing and costs little CPU.

set -u

usage() { sed -n '3,58s/^# \{0,1\}//p' "$0"; }

RUNS=${RUNS:-10}
BUNDLE=""
BSN=""
IDLE=5
KEEP=false
while getopts ":n:b:s:i:kh" opt; do
    case $opt in
        n) RUNS=$OPTARG ;;
        b) BUNDLE=$OPTARG ;;
        s) BSN=$OPTARG ;;
        i) IDLE=$OPTARG ;;
        k) KEEP=true ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
case "$RUNS" in ''|*[!0-9]*|0) echo "start-stop.sh: -n wants a positive whole number" >&2; exit 2 ;; esac
case "$IDLE" in ''|*[!0-9]*) echo "start-stop.sh: -i wants whole seconds" >&2; exit 2 ;; esac
[ -n "${EPOCHREALTIME:-}" ] || { echo "start-stop.sh: needs bash 5 or newer (EPOCHREALTIME)" >&2; exit 2; }

REPO=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/proc-daemon-bench.XXXXXX")
HOMES=() VOPTS=() PIDS=() TEMP=() LOG_FDS=() PARTIALS=() KINDS=()

cleanup() {
    local v pid
    for v in "${!PIDS[@]}"; do
        # A daemon interrupted while starting is known only by its pid file.
        [ -n "${PIDS[v]}" ] || [ ! -f "${HOMES[v]}/data/daemon.pid" ] || PIDS[v]=$(tr -dc '0-9' < "${HOMES[v]}/data/daemon.pid")
        pid=${PIDS[v]}
        [ -n "$pid" ] && alive "$pid" && kill -TERM "$pid" 2>/dev/null
    done
    for v in "${!PIDS[@]}"; do
        pid=${PIDS[v]}
        [ -n "$pid" ] || continue
        for _ in 1 2 3 4 5 6 7 8 9 10; do alive "$pid" || break; sleep 0.3; done
        alive "$pid" && kill -KILL "$pid" 2>/dev/null
    done
    if $KEEP; then
        for v in "${!HOMES[@]}"; do [ -n "${TEMP[v]}" ] && echo "kept: ${HOMES[v]}"; done
        rm -f "$WORK/sleep.fifo"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ $# -gt 0 ] || set -- ":${JAVA_OPTS:-}"
TARBALL=""
for spec in "$@"; do
    v=${#HOMES[@]}
    if [[ $spec == *:* ]]; then home=${spec%%:*}; opts=${spec#*:}; else home=$spec; opts=${JAVA_OPTS:-}; fi
    if [ "$home" = felix ]; then
        [[ $spec == *:* ]] || opts=""   # the reference starts the plain way unless told
        [ -f "$REPO/benchmarks/target/bare-felix/bin/felix.jar" ] || { echo "start-stop.sh: no benchmarks/target/bare-felix; build first: mvn -B -q package -DskipTests" >&2; exit 2; }
        mkdir -p "$WORK/v$v" && cp -r "$REPO/benchmarks/target/bare-felix" "$WORK/v$v/" || exit 2
        HOMES[v]=$WORK/v$v/bare-felix; VOPTS[v]=$opts; PIDS[v]=""; LOG_FDS[v]=""; PARTIALS[v]=""; TEMP[v]=yes; KINDS[v]=felix
        continue
    fi
    if [ -z "$home" ]; then
        if [ -z "$TARBALL" ]; then
            # shellcheck disable=SC2012 # one well-known name pattern
            TARBALL=$(ls -t "$REPO"/distribution/target/proc-daemon-*.tar.gz 2>/dev/null | head -n 1)
            [ -n "$TARBALL" ] || { echo "start-stop.sh: no distribution/target/proc-daemon-*.tar.gz; build first: mvn -B -q package -DskipTests" >&2; exit 2; }
        fi
        mkdir -p "$WORK/v$v" && tar -xzf "$TARBALL" -C "$WORK/v$v" || exit 2
        home=$(cd "$WORK/v$v"/proc-daemon-*/ && pwd -P); TEMP[v]=yes
    else
        home=$(cd "$home" && pwd -P) || exit 2; TEMP[v]=""
    fi
    [ -x "$home/bin/proc-daemon" ] || { echo "start-stop.sh: $home has no bin/proc-daemon" >&2; exit 2; }
    if "$home/bin/proc-daemon" status >/dev/null 2>&1; then
        echo "start-stop.sh: a daemon is running in $home; stop it first" >&2; exit 2
    fi
    HOMES[v]=$home; VOPTS[v]=$opts; PIDS[v]=""; LOG_FDS[v]=""; PARTIALS[v]=""; KINDS[v]=daemon
done
VARIANTS=${#HOMES[@]}

if [ -z "$BUNDLE" ]; then
    # shellcheck disable=SC2012
    BUNDLE=$(ls -t "$REPO"/bundles/examples/target/proc-daemon-examples-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1)
fi
[ -f "$BUNDLE" ] || { echo "start-stop.sh: no bundle for the hot-deploy test ($BUNDLE); build first or pass -b JAR" >&2; exit 2; }
if [ -z "$BSN" ]; then
    if command -v unzip >/dev/null; then
        BSN=$(unzip -p "$BUNDLE" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Bundle-SymbolicName: *\([^;]*\).*/\1/p')
    fi
    BSN=${BSN:-io.procdaemon.examples}
fi
DEPLOY_NAME=$(basename "$BUNDLE")

# ---- fork-free helpers --------------------------------------------------------------------

mkfifo "$WORK/sleep.fifo"
exec {SLEEP_FD}<>"$WORK/sleep.fifo"
# Sleeps $1 seconds (fractions allowed) without forking.
nap() { read -r -t "$1" -u "$SLEEP_FD" _ 2>/dev/null; }
# NOW = wall clock in microseconds.
now() { NOW=${EPOCHREALTIME/[.,]/}; }
ms_since() { now; echo $(( (NOW - $1) / 1000 )); }

# True while the process lives; a zombie has exited.
alive() {
    local key value state=""
    { while read -r key value; do
          if [ "$key" = "State:" ]; then state=${value%% *}; break; fi
      done < "/proc/$1/status"; } 2>/dev/null || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

# Sets STATUS_RSS_KIB and STATUS_THREADS from /proc/$1/status.
read_status() {
    local key value rest
    STATUS_RSS_KIB=""; STATUS_THREADS=""
    { while read -r key value rest; do
          case $key in
              VmRSS:) STATUS_RSS_KIB=$value ;;
              Threads:) STATUS_THREADS=$value ;;
          esac
      done < "/proc/$1/status"; } 2>/dev/null
}

# Sets CPU_MS to the user + system CPU time of process $1 so far (fields 14 and 15 of its stat).
read_cpu() {
    local stat rest
    CPU_MS=""
    { read -r stat < "/proc/$1/stat"; } 2>/dev/null || return
    rest=${stat##*) }   # after the command name, which may hold spaces
    read -r -a fields <<< "$rest"
    # fields[0] is stat's field 3 (state), so utime (14) and stime (15) are fields[11] and [12].
    CPU_MS=$(( (fields[11] + fields[12]) * 1000 / CLK_TCK ))
}

# Selects variant $1: HOME_DIR LAUNCHER LOG V KIND.
use() {
    V=$1; HOME_DIR=${HOMES[V]}; LAUNCHER="$HOME_DIR/bin/proc-daemon"; LOG="$HOME_DIR/log/proc-daemon.log"
    KIND=${KINDS[V]}
}

# Follows the variant's log from its current end: log_open, then log_wait PATTERN TIMEOUT_S sets LOG_LINE.
log_open() {
    local fd=${LOG_FDS[V]}
    [ -n "$fd" ] && exec {fd}<&-
    mkdir -p "$(dirname "$LOG")"; : >> "$LOG"
    exec {fd}<"$LOG"
    LOG_FDS[V]=$fd; PARTIALS[V]=""
    while IFS= read -r -u "$fd" _; do :; done
}
log_wait() {
    local pattern=$1 deadline line fd=${LOG_FDS[V]}
    now; deadline=$(( NOW + $2 * 1000000 ))
    while :; do
        while IFS= read -r -u "$fd" line; do
            line=${PARTIALS[V]}$line; PARTIALS[V]=""
            case $line in *"$pattern"*) LOG_LINE=$line; return 0 ;; esac
        done
        PARTIALS[V]+=$line
        now; [ "$NOW" -lt "$deadline" ] || return 1
        nap 0.002
    done
}

fail() {
    echo "start-stop.sh: $*" >&2
    [ -f "$LOG" ] && { echo "last lines of $LOG:" >&2; tail -n 15 "$LOG" >&2; }
    exit 1
}

# Starts the variant's daemon; sets START_MS, READY_MS (the daemon's own figure), START_END, PIDS[V].
start_daemon() {
    local t0 out
    log_open
    if [ "$KIND" = felix ]; then start_felix; return; fi
    now; t0=$NOW
    out=$(JAVA_OPTS=${VOPTS[V]} "$LAUNCHER" start 2>&1) || fail "bin/proc-daemon start failed: $out"
    START_MS=$(ms_since "$t0")
    PIDS[V]=$(tr -dc '0-9' < "$HOME_DIR/data/daemon.ready")
    read_cpu "${PIDS[V]}"
    # The daemon writes data/daemon.ready just before it logs the line.
    log_wait "proc-daemon ready in " 10 || fail "no 'proc-daemon ready in' line in the log"
    READY_MS=${LOG_LINE#*proc-daemon ready in }
    READY_MS=${READY_MS%% ms*}
    now; START_END=$NOW
}

# The bare-Felix reference: launched as its users do, timed until its marker logs ready.
start_felix() {
    local t0
    now; t0=$NOW
    # shellcheck disable=SC2086 # OPTS is a list of words
    (cd "$HOME_DIR" && exec setsid "$JAVA" ${VOPTS[V]} -Dbench.t0=$(( t0 / 1000 )) -jar bin/felix.jar \
        >> log/console.log 2>&1 < /dev/null) &
    PIDS[V]=$!
    log_wait "proc-daemon ready in " 60 || fail "the bare Felix logged no 'ready in' line within 60 s"
    START_MS=$(ms_since "$t0")
    read_cpu "${PIDS[V]}"
    READY_MS=${LOG_LINE#*proc-daemon ready in }
    READY_MS=${READY_MS%% ms*}
    START_END=$NOW
}

# Stops with kill -TERM; sets STOP_MS.
stop_term() {
    local t0 deadline pid=${PIDS[V]}
    now; t0=$NOW; deadline=$(( NOW + 30000000 ))
    kill -TERM "$pid" 2>/dev/null || fail "cannot signal pid $pid"
    while alive "$pid"; do
        now; [ "$NOW" -lt "$deadline" ] || fail "pid $pid still alive 30 s after SIGTERM"
        nap 0.002
    done
    STOP_MS=$(ms_since "$t0")
    PIDS[V]=""
}

# Stops with bin/proc-daemon stop; sets STOP_MS.
stop_script() {
    local t0 out
    if [ "$KIND" = felix ]; then stop_term; return; fi
    now; t0=$NOW
    out=$("$LAUNCHER" stop 2>&1) || fail "bin/proc-daemon stop failed: $out"
    STOP_MS=$(ms_since "$t0")
    alive "${PIDS[V]}" && fail "pid ${PIDS[V]} alive after bin/proc-daemon stop"
    PIDS[V]=""
}

wipe_data() {
    if [ "$KIND" = felix ]; then rm -rf "$HOME_DIR/felix-cache"; return; fi
    find "$HOME_DIR/data" -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
}

# ---- statistics ---------------------------------------------------------------------------

# stats "v1 v2 ...": sets MEDIAN MIN MAX (integers; an even count's median is the mean of the middle two)
stats() {
    local -a sorted
    mapfile -t sorted < <(printf '%s\n' $1 | sort -n)
    local n=${#sorted[@]}
    MIN=${sorted[0]}; MAX=${sorted[n - 1]}
    if (( n % 2 )); then MEDIAN=${sorted[n / 2]}
    else MEDIAN=$(( (sorted[n / 2 - 1] + sorted[n / 2]) / 2 )); fi
}
mib() { printf '%d.%d' $(( $1 / 1024 )) $(( ($1 % 1024) * 10 / 1024 )); }
row() { # label unit "samples" [kib]
    if [ -z "${3// /}" ]; then printf '%-48s %8s %8s %8s  %-4s %3d\n' "$1" - - - "$2" 0; return; fi
    stats "$3"
    local n; n=$(printf '%s\n' $3 | wc -l)
    if [ "${4:-}" = kib ]; then
        printf '%-48s %8s %8s %8s  %-4s %3d\n' "$1" "$(mib "$MEDIAN")" "$(mib "$MIN")" "$(mib "$MAX")" "$2" "$n"
    else
        printf '%-48s %8s %8s %8s  %-4s %3d\n' "$1" "$MEDIAN" "$MIN" "$MAX" "$2" "$n"
    fi
}
load() { local a b c rest; read -r a b c rest < /proc/loadavg; echo "$a $b $c"; }

# ---- machine ------------------------------------------------------------------------------

if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=$(command -v java); fi
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
MEM_KIB=$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)
echo "== proc-daemon start/stop benchmark, $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
echo "machine:  $(nproc) CPUs ($CPU), $(( MEM_KIB / 1024 )) MiB RAM, Linux $(uname -r)"
echo "java:     $JAVA: $("$JAVA" -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
echo "bundle:   $BUNDLE ($BSN)"
echo "runs:     $RUNS per measurement and variant; idle figures $IDLE s after ready"
for ((v = 0; v < VARIANTS; v++)); do
    echo "variant $((v + 1)): ${HOMES[v]}, JAVA_OPTS: ${VOPTS[v]:-(none)}"
done
echo "uptime:   $(uptime)"

# ---- runs ---------------------------------------------------------------------------------

declare -a COLD COLD_READY COLD_CPU KEPT_CPU FIRST_STOP KEPT KEPT_READY SCRIPT_STOP RSS THREADS DEPLOY UNDEPLOY TERM_STOP
LOADS=""
for ((v = 0; v < VARIANTS; v++)); do
    use $v
    rm -f "$HOME_DIR/deploy/$DEPLOY_NAME" "$HOME_DIR/deploy/.$DEPLOY_NAME"
    # Warm-up (not counted): fills the OS file cache with the JDK and the jars.
    wipe_data; start_daemon; stop_script
done

LOADS+="first boot: $(load); "
for ((i = 1; i <= RUNS; i++)); do
    for ((v = 0; v < VARIANTS; v++)); do
        use $v; wipe_data
        start_daemon; COLD[v]+=" $START_MS"; COLD_READY[v]+=" $READY_MS"; COLD_CPU[v]+=" $CPU_MS"
        stop_script; FIRST_STOP[v]+=" $STOP_MS"
    done
done

LOADS+="kept cache: $(load); "
for ((i = 1; i <= RUNS; i++)); do
    for ((v = 0; v < VARIANTS; v++)); do
        use $v
        start_daemon; KEPT[v]+=" $START_MS"; KEPT_READY[v]+=" $READY_MS"; KEPT_CPU[v]+=" $CPU_MS"
        stop_script; SCRIPT_STOP[v]+=" $STOP_MS"
    done
done

LOADS+="idle: $(load)"
for ((i = 1; i <= RUNS; i++)); do
    declare -a READY_AT=()
    for ((v = 0; v < VARIANTS; v++)); do
        use $v; start_daemon; READY_AT[v]=$START_END
    done
    for ((v = 0; v < VARIANTS; v++)); do
        use $v
        now; while [ "$NOW" -lt $(( READY_AT[v] + IDLE * 1000000 )) ]; do nap 0.02; now; done
        read_status "${PIDS[v]}"; RSS[v]+=" $STATUS_RSS_KIB"; THREADS[v]+=" $STATUS_THREADS"
    done
    for ((v = 0; v < VARIANTS; v++)); do
        use $v
        # The reference has no proc-daemon API for the default bundle to resolve against.
        [ "$KIND" = felix ] && continue
        # Hot deploy, then undeploy (so that the next start finds deploy/ as before).
        now; t0=$NOW
        cp "$BUNDLE" "$HOME_DIR/deploy/.$DEPLOY_NAME"
        mv "$HOME_DIR/deploy/.$DEPLOY_NAME" "$HOME_DIR/deploy/$DEPLOY_NAME"
        log_wait "bundle started: $BSN " 30 || fail "no 'bundle started: $BSN' within 30 s of the copy"
        DEPLOY[v]+=" $(ms_since "$t0")"
        now; t0=$NOW
        rm -f "$HOME_DIR/deploy/$DEPLOY_NAME"
        log_wait "bundle uninstalled: $BSN " 30 || fail "no 'bundle uninstalled: $BSN' within 30 s of the removal"
        UNDEPLOY[v]+=" $(ms_since "$t0")"
    done
    for ((v = 0; v < VARIANTS; v++)); do
        use $v; stop_term; TERM_STOP[v]+=" $STOP_MS"
    done
done

# ---- report -------------------------------------------------------------------------------

echo "uptime:   $(uptime)"
echo "load average (1/5/15 min) at the start of each batch: $LOADS"
for ((v = 0; v < VARIANTS; v++)); do
    echo
    echo "variant $((v + 1)): JAVA_OPTS: ${VOPTS[v]:-(none)}; ${HOMES[v]}"
    printf '%-48s %8s %8s %8s  %-4s %3s\n' "measurement" "median" "min" "max" "unit" "n"
    row "first boot: start (empty data/)" ms "${COLD[v]}"
    row "first boot: daemon's 'ready in'" ms "${COLD_READY[v]}"
    row "kept cache: start" ms "${KEPT[v]}"
    row "kept cache: daemon's 'ready in'" ms "${KEPT_READY[v]}"
    row "first boot: CPU until ready (user+sys)" ms "${COLD_CPU[v]}"
    row "kept cache: CPU until ready (user+sys)" ms "${KEPT_CPU[v]}"
    row "stop: kill -TERM until exited" ms "${TERM_STOP[v]}"
    row "stop: bin/proc-daemon stop" ms "${SCRIPT_STOP[v]}"
    row "stop after a first boot (CDS archive written)" ms "${FIRST_STOP[v]}"
    row "idle RSS, ${IDLE} s after ready" MiB "${RSS[v]}" kib
    row "idle threads, ${IDLE} s after ready" "" "${THREADS[v]}"
    row "hot deploy: copy into deploy/ -> started" ms "${DEPLOY[v]:-}"
    row "hot undeploy: rm from deploy/ -> uninstalled" ms "${UNDEPLOY[v]:-}"
    echo "raw samples:"
    echo "  first boot start:${COLD[v]}"
    echo "  first boot ready:${COLD_READY[v]}"
    echo "  kept start:${KEPT[v]}"
    echo "  kept ready:${KEPT_READY[v]}"
    echo "  first boot CPU:${COLD_CPU[v]}"
    echo "  kept CPU:${KEPT_CPU[v]}"
    echo "  stop TERM:${TERM_STOP[v]}"
    echo "  stop script:${SCRIPT_STOP[v]}"
    echo "  first stop:${FIRST_STOP[v]}"
    echo "  RSS KiB:${RSS[v]}"
    echo "  threads:${THREADS[v]}"
    echo "  deploy:${DEPLOY[v]:-}"
    echo "  undeploy:${UNDEPLOY[v]:-}"
done

# Each variant against the reference (the first felix variant), medians of the same batch.
for ((r = 0; r < VARIANTS; r++)); do [ "${KINDS[r]}" = felix ] && break; done
if [ "$r" -lt "$VARIANTS" ]; then
    echo
    echo "against the bare Felix (variant $((r + 1))): median ready time as a fraction of its own (target <= 0.60)"
    printf '%-10s %-22s %-22s %s\n' variant "first boot: ready/start" "kept cache: ready/start" "JAVA_OPTS"
    ratio() { stats "$1"; local a=$MEDIAN; stats "$2"; printf '%d.%02d' $(( a / MEDIAN )) $(( a * 100 / MEDIAN % 100 )); }
    for ((v = 0; v < VARIANTS; v++)); do
        [ "$v" -eq "$r" ] && continue
        printf '%-10s %-22s %-22s %s\n' "$((v + 1))" \
            "$(ratio "${COLD_READY[v]}" "${COLD_READY[r]}") / $(ratio "${COLD[v]}" "${COLD[r]}")" \
            "$(ratio "${KEPT_READY[v]}" "${KEPT_READY[r]}") / $(ratio "${KEPT[v]}" "${KEPT[r]}")" "${VOPTS[v]:-(none)}"
    done
    echo "(ready: the daemon's own 'ready in', from the launch of the JVM; start: the wall time of"
    echo " 'bin/proc-daemon start', its script included, against the bare Felix's launch to ready)"
fi
