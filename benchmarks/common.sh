# Shared by the whole-process latency scripts (config-latency.sh, shell-latency.sh); sourced.
#
# After `bench_home NAME "$@"`: $runs (from -n RUNS, default 10) and $home (the HOME argument, or a
# fresh unpack of distribution/target/proc-daemon-*.tar.gz into a temporary folder named after NAME).
# The daemon in $home is stopped when the script exits.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# bench_home NAME [ARGS...]: parses -n RUNS and HOME from ARGS, unpacking a home when none is given.
bench_home() {
    local name=$1; shift
    runs=10
    if [ "${1:-}" = "-n" ]; then runs=$2; shift 2; fi
    if [ $# -ge 1 ]; then
        home=$(cd "$1" && pwd)
    else
        local tmp
        tmp=$(mktemp -d "/tmp/proc-daemon-$name.XXXXXX")
        tar xzf "$root"/distribution/target/proc-daemon-*.tar.gz -C "$tmp"
        home=$(echo "$tmp"/proc-daemon-*)
        unpacked=true
    fi
    trap '"$home/bin/proc-daemon" stop >/dev/null 2>&1 || true' EXIT
}

now_ms() { date +%s%3N; }

# Reads numbers, one a line; prints "median (min N, max N)".
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%d (min %d, max %d)", m, a[1], a[NR]}'; }
