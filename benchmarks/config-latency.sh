#!/usr/bin/env bash
# Edit-to-component latency of etc/ in the packaged daemon (docs/PERFORMANCE.md).
#
#   benchmarks/config-latency.sh [-n RUNS] [HOME]
#
# HOME defaults to a fresh unpack of distribution/target/proc-daemon-*.tar.gz. The daemon is
# started, then RUNS times:
#   - a changed value: etc/daemon.toml rewritten with a new shutdown.graceful (written to a hidden
#     name, then renamed, as an editor or config tool does) until the shutdown coordinator logs
#     "shutdown timeouts set: graceful=<new>ms" (its @Modified method has run);
#   - a new file: etc/bench-<i>.toml created the same way until the log says it was applied to
#     ConfigAdmin.
# Times are the log line's own timestamp minus the moment of the rename, in milliseconds.
set -euo pipefail

unpacked=false
# shellcheck source=benchmarks/common.sh
. "$(dirname "$0")/common.sh"
bench_home latency "$@"
log="$home/log/proc-daemon.log"

# Epoch milliseconds of the first log line after line $1 containing $2 (waits up to 10 s).
log_time() {
    local after=$1 text=$2 deadline=$(( $(now_ms) + 10000 )) line
    while [ "$(now_ms)" -lt "$deadline" ]; do
        line=$(tail -n +"$((after + 1))" "$log" | grep -F -m1 -- "$text" || true)
        if [ -n "$line" ]; then
            date -d "$(echo "$line" | cut -c1-23 | tr 'T' ' ')Z" +%s%3N
            return
        fi
        sleep 0.005
    done
    echo "no log line '$text' within 10 s" >&2
    exit 1
}
write() { # file content: hidden name, then rename; prints the rename's epoch ms
    printf '%s' "$2" > "$home/etc/.$1.part"
    mv "$home/etc/.$1.part" "$home/etc/$1"
    now_ms
}

"$home/bin/proc-daemon" start >/dev/null
base=$(cat "$home/etc/daemon.toml")
changed=() created=()
for i in $(seq 1 "$runs"); do
    graceful=$((3000 + i))
    lines=$(wc -l < "$log")
    t0=$(write daemon.toml "$(printf '%s\n' "$base" | sed "s/^graceful = .*/graceful = $graceful/")")
    t1=$(log_time "$lines" "shutdown timeouts set: graceful=${graceful}ms")
    changed+=($((t1 - t0)))
    lines=$(wc -l < "$log")
    t0=$(write "bench-$i.toml" "value = $i"$'\n')
    t1=$(log_time "$lines" "bench-$i.toml applied")
    created+=($((t1 - t0)))
done
echo "machine: $(nproc) CPUs; $(java -version 2>&1 | head -1); $(uptime)"
echo "changed value -> component (ms): $(printf '%s\n' "${changed[@]}" | median)   samples: ${changed[*]}"
echo "new file -> ConfigAdmin (ms):    $(printf '%s\n' "${created[@]}" | median)   samples: ${created[*]}"
