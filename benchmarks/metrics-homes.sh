#!/usr/bin/env bash
#
# Unpacks the distribution into homes for issue 11's start-cost study (docs/metrics-study.md): one
# unchanged, and one per metrics probe bundle and start level, the probe copied into system/ and
# listed in etc/startup.properties. Then measure them interleaved, for example:
#
#   benchmarks/metrics-homes.sh /tmp/mstudy
#   benchmarks/start-stop.sh -n 6 /tmp/mstudy/base /tmp/mstudy/micrometer-40 /tmp/mstudy/prometheus-40 ...
#
# Usage: benchmarks/metrics-homes.sh DIR [LEVEL...]   (levels default: 40 20; build first:
#        mvn -B -q package -DskipTests). Prints the homes made, one a line.

set -eu
[ $# -ge 1 ] || { sed -n '3,12s/^# \{0,1\}//p' "$0" >&2; exit 2; }
REPO=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)
DIR=$1; shift
LEVELS=${*:-40 20}
TARBALL=$(ls -t "$REPO"/distribution/target/proc-daemon-*.tar.gz | head -n 1)

unpack() {
    local home=$DIR/$1
    rm -rf "$home" && mkdir -p "$home"
    tar -xzf "$TARBALL" -C "$home" --strip-components=1
    echo "$home"
}

mkdir -p "$DIR"
unpack base
for lib in micrometer prometheus; do
    jar=$(ls "$REPO"/benchmarks/metrics-probes/$lib/target/proc-daemon-metrics-probe-$lib-*.jar | grep -v -e -sources -e -javadoc | head -n 1)
    for level in $LEVELS; do
        home=$(unpack "$lib-$level")
        cp "$jar" "$home/system/"
        printf '\n# Study probe (docs/metrics-study.md)\n%s = %s\n' "$(basename "$jar")" "$level" >> "$home/etc/startup.properties"
        echo "$home"
    done
done
