#!/usr/bin/env bash
# Counts a UDP proxy's system calls per datagram (perf's syscall tracepoints; counts do not
# depend on how busy the machine is, unlike speeds). For each proxy given:
#   echo  -- bench/udptool.py load: 50 clients, each with one request of 1,400 bytes in flight
#            to an echo backend, 100,000 requests and their replies
#   iperf -- iperf3 -u -b 200M -l 1400 -t 5, one way (client to server)
#
#   bench/udp-syscalls.sh --portierd NAME=PATH [--portierd NAME=PATH ...] [--nginx] [--out DIR]
#
# Needs root (or perf_event_paranoid -1) for the tracepoints, perf, iperf3, nginx with the
# stream module. Everything listens on 127.0.0.1; every load is bounded; every process it
# starts is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOL=$ROOT/bench/udptool.py
declare -a TARGETS=()
declare -A BIN=()
OUT=""
while (($#)); do
    case $1 in
        --portierd) TARGETS+=("${2%%=*}"); BIN[${2%%=*}]=${2#*=}; shift 2 ;;
        --nginx) TARGETS+=(nginx); shift ;;
        --out) OUT=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
((${#TARGETS[@]})) || { echo "name at least one proxy: --portierd NAME=PATH or --nginx" >&2; exit 2; }
WORK=${OUT:-$(mktemp -d /tmp/portier-udpsys.XXXXXX)}
mkdir -p "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

ECHO_PORT=17401 IPERF_PORT=17402 PROXY_PORT=17410
EVENTS=syscalls:sys_enter_recvfrom,syscalls:sys_enter_recvmsg,syscalls:sys_enter_recvmmsg,syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg,syscalls:sys_enter_sendmmsg,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait

python3 "$TOOL" echo $ECHO_PORT & PIDS+=($!)
iperf3 -s -B 127.0.0.1 -p $IPERF_PORT >"$WORK/iperf-server.log" 2>&1 & PIDS+=($!)

wait_udp() { for _ in $(seq 100); do ss -Hlun "sport = :$1" | grep -q . && return 0; sleep 0.05; done; echo "nothing listens on udp $1" >&2; return 1; }

# start_proxy target backend-port: sets PROXY_PID (the process to count: nginx's worker).
start_proxy() {
    local target=$1 backend=$2 dir=$WORK/$1-$2
    mkdir -p "$dir"
    if [[ $target == nginx ]]; then
        cat >"$dir/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log notice;
events { worker_connections 4096; }
stream {
    proxy_timeout 10m;
    server { listen 127.0.0.1:$PROXY_PORT; listen 127.0.0.1:$PROXY_PORT udp; proxy_pass 127.0.0.1:$backend; }
}
EOF
        nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' 2>"$dir/stderr.log" & PIDS+=($!)
        local master=$!
        wait_udp $PROXY_PORT
        PROXY_PID=$(pgrep -P "$master" | head -1)
    else
        cat >"$dir/portierd.json" <<EOF
{
    "version": 1,
    "workers": 1,
    "error_log": { "level": "notice" },
    "listeners": [
        { "listen": "127.0.0.1:$PROXY_PORT", "protocol": "tcp", "proxy_pass": "127.0.0.1:$backend", "proxy_timeout": "10m" },
        { "listen": "127.0.0.1:$PROXY_PORT", "protocol": "udp", "proxy_pass": "127.0.0.1:$backend", "proxy_timeout": "10m" }
    ]
}
EOF
        "${BIN[$target]}" --config "$dir/portierd.json" >"$dir/stdout.log" 2>"$dir/stderr.log" & PIDS+=($!)
        PROXY_PID=$!
        wait_udp $PROXY_PORT
    fi
}

stop_proxy() { kill "$PROXY_PID" 2>/dev/null || true; [[ -n ${1:-} ]] && kill "$1" 2>/dev/null || true; sleep 0.5; }

# measure target workload: prints one table row.
measure() {
    local target=$1 workload=$2 backend=$ECHO_PORT
    [[ $workload == iperf ]] && backend=$IPERF_PORT
    start_proxy "$target" $backend
    local master=""
    [[ $target == nginx ]] && master=$(cat "$WORK/$target-$backend/nginx.pid" 2>/dev/null || true)
    local stat=$WORK/$target-$workload.perf load=$WORK/$target-$workload.load datagrams
    perf stat -x, -e "$EVENTS" -p "$PROXY_PID" -o "$stat" & local perf=$!
    sleep 0.5
    if [[ $workload == echo ]]; then
        timeout 120 python3 "$TOOL" load --port $PROXY_PORT >"$load"
        # Datagrams proxied: the requests that reached the echo and the replies that came back
        # (a request lost on the way counts once at most; the load prints how many were lost).
        datagrams=$(awk '{print $2 * 2}' "$load")
    else
        timeout 60 iperf3 -c 127.0.0.1 -p $PROXY_PORT -u -b 200M -l 1400 -t 5 -J >"$load"
        # The datagrams that arrived (iperf3 counts the lost ones at the server).
        datagrams=$(python3 -c 'import json,sys; s = json.load(open(sys.argv[1]))["end"]["sum"]; print(s["packets"] - s["lost_packets"])' "$load")
    fi
    sleep 0.5
    kill -INT $perf; wait $perf || true
    stop_proxy "$master"
    python3 - "$stat" "$target" "$workload" "$datagrams" "$load" <<'EOF'
import sys
path, target, workload, datagrams, load = sys.argv[1:]
counts = {}
for line in open(path):
    parts = line.strip().split(",")
    if len(parts) > 2 and parts[2].startswith("syscalls:sys_enter_"):
        counts[parts[2][len("syscalls:sys_enter_"):]] = int(parts[0]) if parts[0].isdigit() else 0
d = int(datagrams)
receives = counts.get("recvfrom", 0) + counts.get("recvmsg", 0) + counts.get("recvmmsg", 0)
sends = counts.get("sendto", 0) + counts.get("sendmsg", 0) + counts.get("sendmmsg", 0)
waits = counts.get("epoll_wait", 0) + counts.get("epoll_pwait", 0)
print(f"| {target} | {workload} | {d} | " + " | ".join(str(counts.get(k, 0)) for k in
      ("recvmsg", "recvmmsg", "sendmsg", "sendmmsg", "epoll_wait")) +
      f" | {receives / d:.3f} | {sends / d:.3f} | {waits / d:.3f} | {(receives + sends + waits) / d:.3f} |")
EOF
}

echo "| proxy | load | datagrams proxied | recvmsg | recvmmsg | sendmsg | sendmmsg | epoll_wait | receive calls / datagram | send calls / datagram | epoll_wait / datagram | total / datagram |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for target in "${TARGETS[@]}"; do
    for workload in echo iperf; do
        measure "$target" "$workload"
    done
done
echo "work dir: $WORK" >&2
