#!/usr/bin/env bash
# What one message to systemd's $NOTIFY_SOCKET costs a fresh JVM, by the two routes open on JDK 17
# (issue 12; docs/PERFORMANCE.md, "systemd notify"): the systemd-notify tool through ProcessBuilder
# (what the daemon uses), and JNA calling socket/sendto (measured only when a jna-5.*.jar is in
# the local Maven repository). A Python listener on an abstract socket stands in for systemd.
#
#   benchmarks/notify-cost.sh [-n RUNS]
#
# Prints, per run: the first message's and the second's milliseconds, and the messages received.
set -euo pipefail

runs=3
[ "${1:-}" = "-n" ] && runs="$2"
work=$(mktemp -d)
trap 'kill "$listener" 2>/dev/null || true; rm -rf "$work"' EXIT

cat > "$work/listen.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind('\0' + sys.argv[1][1:])
print('listening', flush=True)
while True:
    print(s.recv(4096).decode().replace('\n', '|'), flush=True)
PY
cat > "$work/Tool.java" <<'JAVA'
public class Tool {
    public static void main(String[] args) throws Exception {
        for (String message : new String[] {"READY=1", "WATCHDOG=1"}) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder("systemd-notify", message).start();
            p.getOutputStream().close();
            int code = p.waitFor();
            System.out.printf("tool %s: %.1f ms (exit %d)%n", message, (System.nanoTime() - start) / 1e6, code);
        }
    }
}
JAVA
cat > "$work/Jna.java" <<'JAVA'
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
public class Jna {
    public interface C extends Library {
        int socket(int domain, int type, int protocol);
        int sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength);
        int close(int fd);
    }
    public static void main(String[] args) {
        for (String message : new String[] {"READY=1", "WATCHDOG=1"}) {
            long start = System.nanoTime();
            C c = Native.load("c", C.class);
            byte[] path = System.getenv("NOTIFY_SOCKET").getBytes();
            path[0] = 0; // abstract
            byte[] address = new byte[2 + path.length];
            address[0] = 1; // AF_UNIX, little-endian
            System.arraycopy(path, 0, address, 2, path.length);
            int fd = c.socket(1, 2, 0);
            int sent = c.sendto(fd, message.getBytes(), new NativeLong(message.length()), 0, address, address.length);
            c.close(fd);
            System.out.printf("jna %s: %.1f ms (%d bytes)%n", message, (System.nanoTime() - start) / 1e6, sent);
        }
    }
}
JAVA
socket="@procdaemon-notify-cost-$$"
python3 "$work/listen.py" "$socket" > "$work/received.txt" &
listener=$!
until grep -q listening "$work/received.txt" 2>/dev/null; do sleep 0.05; done
jna=$(ls ~/.m2/repository/net/java/dev/jna/jna/5.*/jna-5.*.jar 2>/dev/null | sort -V | tail -1 || true)
javac -d "$work" "$work/Tool.java"
[ -z "$jna" ] || javac -cp "$jna" -d "$work" "$work/Jna.java"
echo "java: $(java -version 2>&1 | head -1); jna: ${jna:-none}; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
    NOTIFY_SOCKET="$socket" java -Xshare:auto -cp "$work" Tool
    [ -z "$jna" ] || NOTIFY_SOCKET="$socket" java -Xshare:auto -cp "$work:$jna" Jna
done
echo "received: $(($(wc -l < "$work/received.txt") - 1)) messages"
