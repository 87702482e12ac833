#!/usr/bin/env bash
# System calls per new proxied TCP connection, portierd next to nginx's stream proxy.
#
# wrk -t1 -c50 with "Connection: close" through each proxy to an nginx HTTP backend (every
# request a new client connection and a new upstream connection, as bench/run.sh's
# "new connections" row), while `perf stat -e 'syscalls:sys_enter_*' -p PID` counts the
# proxy's calls (nginx: its one worker) for a fixed time. Counts do not depend on how busy
# the machine is, so this can run while others build. Prints, per proxy, each call made at
# least 0.05 times per connection and the total per connection.
#
#   bench/syscalls-newconn.sh PORTIERD [PORTIERD2 ...]   # each binary is measured in turn
#   SECONDS_PER_RUN=4 bench/syscalls-newconn.sh build/src/app/portierd
#   KEEPALIVE=1 bench/syscalls-newconn.sh build/src/app/portierd   # per keepalive request instead
#   TLS=1 ...        # both proxies terminate TLS 1.3 (a throwaway EC certificate), wrk speaks https
#   TLS=1 TLS_PROTOCOL=TLSv1.2 ...   # TLS 1.2 only (wrk resumes its session on each new connection)
#
# Needs perf with tracepoints readable (root, or kernel.perf_event_paranoid <= 1), wrk,
# nginx with libnginx-mod-stream. Listens on 127.0.0.1 only; everything started is stopped
# on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/http-backend.sh"
source "$(dirname "${BASH_SOURCE[0]}")/certificate.sh"
(($# >= 1)) || { echo "usage: $0 PORTIERD [PORTIERD ...]" >&2; exit 2; }
DURATION=${SECONDS_PER_RUN:-4}
CLOSE=(-H 'Connection: close')
[[ ${KEEPALIVE:-0} == 1 ]] && CLOSE=()
SCHEME=http
[[ ${TLS:-0} == 1 ]] && SCHEME=https
WORK=$(mktemp -d /tmp/portier-syscalls.XXXXXX)
NGINX=${NGINX:-/usr/sbin/nginx}
STREAM_MODULE=${STREAM_MODULE:-/usr/lib/nginx/modules/ngx_stream_module.so}
B_HTTP=${B_HTTP:-18481}
P_NGINX=$((B_HTTP + 1))
P_PORTIER=$((B_HTTP + 2))
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
ulimit -n 20000 2>/dev/null || true

mkdir -p "$WORK"/{backend,nginx,portier}
write_http_backend "$WORK/backend" "$B_HTTP"
NGX_SSL="" P_SSL=""
if [[ $SCHEME == https ]]; then
    make_bench_certificate "$WORK" || { echo "openssl req failed: $WORK/openssl.log" >&2; exit 1; }
    NGX_SSL="ssl; ssl_certificate $WORK/cert.pem; ssl_certificate_key $WORK/key.pem; ssl_protocols ${TLS_PROTOCOL:-TLSv1.3}; ssl_session_cache shared:SSL:10m; ssl_session_tickets on"
    P_SSL=', "ssl": { "certificate": "bench", "protocols": "'"${TLS_PROTOCOL:-TLSv1.3}"'" }'
    P_CERTS='"certificates": [ { "name": "bench", "certificate_file": "'"$WORK/cert.pem"'", "key_file": "'"$WORK/key.pem"'" } ],'
fi
cat >"$WORK/nginx/nginx.conf" <<EOF
load_module $STREAM_MODULE;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log notice;
events { worker_connections 20000; }
stream { proxy_timeout 10m; server { listen 127.0.0.1:$P_NGINX $NGX_SSL; proxy_pass 127.0.0.1:$B_HTTP; } }
EOF
cat >"$WORK/portier/portierd.json" <<EOF
{ "version": 1, "workers": 1, "error_log": { "level": "notice" }, ${P_CERTS:-}
  "listeners": [ { "listen": "127.0.0.1:$P_PORTIER", "protocol": "tcp", "proxy_pass": "127.0.0.1:$B_HTTP", "proxy_timeout": "10m"$P_SSL } ] }
EOF

wait_listen() { for _ in $(seq 100); do ss -Hltn "sport = :$1" | grep -q . && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; return 1; }

"$NGINX" -p "$WORK/backend/" -c "$WORK/backend/nginx.conf" -e "$WORK/backend/error.log" -g 'daemon off;' &
PIDS+=($!)
"$NGINX" -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" -g 'daemon off;' &
PIDS+=($!)
NGINX_MASTER=$!
wait_listen $B_HTTP
wait_listen $P_NGINX

# measure NAME PID PORT: one wrk run under perf stat; prints calls per connection.
measure() {
    local name=$1 pid=$2 port=$3 out=$WORK/run$RUN.perf wrkout=$WORK/run$RUN.wrk
    RUN=$((RUN + 1))
    timeout 10 wrk -t1 -c50 -d1s "${CLOSE[@]}" "$SCHEME://127.0.0.1:$port/" >/dev/null # warm up
    timeout $((DURATION + 20)) perf stat -x, -e 'syscalls:sys_enter_*' -p "$pid" -o "$out" -- sleep $((DURATION + 2)) &
    local perfpid=$!
    sleep 1
    timeout $((DURATION + 10)) wrk -t1 -c50 -d"${DURATION}s" "${CLOSE[@]}" "$SCHEME://127.0.0.1:$port/" >"$wrkout"
    wait $perfpid
    local requests
    requests=$(awk '/requests in/ { print $1 }' "$wrkout")
    grep -q 'Socket errors' "$wrkout" && echo "$name: wrk reported socket errors (see $wrkout)" >&2
    local unit=requests
    ((${#CLOSE[@]})) && unit=connections
    echo "== $name: $requests $unit (wrk), $(grep -c . "$out") counters"
    awk -F, -v n="$requests" '$1 ~ /^[0-9]+$/ && $1 > 0 { sub("syscalls:sys_enter_", "", $3); per = $1 / n; total += per;
        if (per >= 0.05) printf "  %-16s %8.2f\n", $3, per } END { printf "  %-16s %8.2f\n", "total", total }' "$out" | sort -k2 -nr
}

RUN=0
NGINX_WORKER=$(pgrep -P "$NGINX_MASTER" | head -1)
measure nginx "$NGINX_WORKER" $P_NGINX
for bin in "$@"; do
    "$bin" --config "$WORK/portier/portierd.json" >"$WORK/portier/stderr.log" 2>&1 &
    ppid=$!
    PIDS+=($ppid)
    wait_listen $P_PORTIER
    measure "portierd ($bin)" $ppid $P_PORTIER
    kill $ppid
    wait $ppid 2>/dev/null || true
    for _ in $(seq 50); do ss -Hltn "sport = :$P_PORTIER" | grep -q . || break; sleep 0.1; done
done
echo "(work dir: $WORK)"
