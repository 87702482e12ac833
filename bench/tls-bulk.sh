#!/usr/bin/env bash
# TLS bulk: one client stream through a TLS-terminating listener of each proxy to a plain
# backend, as issue 18 asks to compare kernel TLS on and off (this measures "off": kernel
# TLS needs the kernel's "tls" module, see docs/performance.md). For each proxy, interleaved
# rounds of bench/tlsbulk.py send (TLS 1.3, 1 MiB writes, --seconds each) to
# bench/tlsbulk.py sink; reports the sink's goodput in Gbit/s and the proxy's CPU-seconds
# (utime + stime from /proc) per GB, medians, and each divided by the better of nginx and
# HAProxy. Every run is checked byte for byte (the sink compares what it reads with the
# pattern the client writes, and the byte counts must agree).
#
#   bench/tls-bulk.sh [--portierd PATH] [--rounds N] [--seconds S] [--peer-buffers B] [--out DIR]
#
# Defaults: build-bench/src/app/portierd, 5 rounds of 5 s, nginx and HAProxy with their
# default buffers (--peer-buffers 65536 gives both 64 KiB, as bench/run.sh). One worker or
# thread each. Needs nginx with the stream module, haproxy, openssl, python3. Everything
# listens on 127.0.0.1 and is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/certificate.sh"
TOOL=$ROOT/bench/tlsbulk.py
PORTIERD=$ROOT/build-bench/src/app/portierd
ROUNDS=5 SECONDS_EACH=5 PEER_BUFFERS="" OUT=""
while (($#)); do
    case $1 in
        --portierd) PORTIERD=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --seconds) SECONDS_EACH=$2; shift 2 ;;
        --peer-buffers) PEER_BUFFERS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ -x $PORTIERD ]] || { echo "no portierd at $PORTIERD (build it: cmake --build build-bench --target portierd)" >&2; exit 2; }
WORK=${OUT:-$(mktemp -d /tmp/portier-tlsbulk.XXXXXX)}
mkdir -p "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

SINK_PORT=17501
declare -A PORT=([nginx]=17511 [haproxy]=17512 [portierd]=17513)
TARGETS=(nginx haproxy portierd)
for p in $SINK_PORT "${PORT[@]}"; do
    ! ss -Hltn "sport = :$p" | grep -q . || { echo "port $p is in use" >&2; exit 1; }
done
wait_listen() { for _ in $(seq 200); do ss -Hltn "sport = :$1" | grep -q . && return 0; sleep 0.05; done; echo "nothing listens on $1 (see $WORK)" >&2; return 1; }

make_bench_certificate "$WORK" || { echo "openssl req failed: $WORK/openssl.log" >&2; exit 1; }

cat >"$WORK/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log notice;
events { worker_connections 1024; }
stream {
    proxy_timeout 10m;
    ${PEER_BUFFERS:+proxy_buffer_size $PEER_BUFFERS;}
    server { listen 127.0.0.1:${PORT[nginx]} ssl; ssl_certificate $WORK/cert.pem; ssl_certificate_key $WORK/key.pem;
             ssl_protocols TLSv1.2 TLSv1.3; proxy_pass 127.0.0.1:$SINK_PORT; }
}
EOF
cat >"$WORK/haproxy.cfg" <<EOF
global
    nbthread 1
    ${PEER_BUFFERS:+tune.bufsize $PEER_BUFFERS}
defaults
    mode tcp
    timeout connect 5s
    timeout client 10m
    timeout server 10m
frontend fe
    bind 127.0.0.1:${PORT[haproxy]} ssl crt $WORK/combined.pem ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.3
    default_backend be
backend be
    server s1 127.0.0.1:$SINK_PORT
EOF
cat >"$WORK/portierd.json" <<EOF
{ "version": 1, "workers": 1, "error_log": { "level": "notice" },
  "certificates": [ { "name": "bench", "certificate_file": "$WORK/cert.pem", "key_file": "$WORK/key.pem" } ],
  "listeners": [ { "listen": "127.0.0.1:${PORT[portierd]}", "protocol": "tcp", "proxy_pass": "127.0.0.1:$SINK_PORT",
                   "proxy_timeout": "10m", "ssl": { "certificate": "bench", "protocols": "TLSv1.2 TLSv1.3" } } ] }
EOF

python3 "$TOOL" sink $SINK_PORT >"$WORK/sink.out" 2>"$WORK/sink.err" & PIDS+=($!)
nginx -p "$WORK/" -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" -g 'daemon off;' >"$WORK/nginx.stderr" 2>&1 & PIDS+=($!)
NGINX_MASTER=$!
haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.stderr" 2>&1 & PIDS+=($!)
declare -A PID=([haproxy]=$!)
"$PORTIERD" --config "$WORK/portierd.json" >"$WORK/portierd.stderr" 2>&1 & PIDS+=($!)
PID[portierd]=$!
for p in $SINK_PORT "${PORT[@]}"; do wait_listen "$p"; done
for _ in $(seq 50); do PID[nginx]=$(pgrep -P $NGINX_MASTER | head -1 || true); [[ -n ${PID[nginx]} ]] && break; sleep 0.1; done
[[ -n ${PID[nginx]} ]] || { echo "no nginx worker" >&2; exit 1; }

ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
CLK_TCK=$(getconf CLK_TCK)
RESULTS=$WORK/results.tsv
: >"$RESULTS"
FAILED=0
for ((r = 1; r <= ROUNDS; r++)); do
    for ((i = 0; i < ${#TARGETS[@]}; i++)); do
        t=${TARGETS[$(((i + r) % ${#TARGETS[@]}))]}
        lines=$(wc -l <"$WORK/sink.out")
        c0=$(ticks "${PID[$t]}")
        sent=$(timeout $((SECONDS_EACH + 30)) python3 "$TOOL" send --port "${PORT[$t]}" --seconds "$SECONDS_EACH")
        # The sink prints its line when the proxy has passed the end on: wait for it (bounded).
        for _ in $(seq 200); do (($(wc -l <"$WORK/sink.out") > lines)) && break; sleep 0.05; done
        c1=$(ticks "${PID[$t]}")
        got=$(sed -n "$((lines + 1))p" "$WORK/sink.out")
        read -r sbytes proto cipher <<<"$sent"
        read -r rbytes rsecs rcheck <<<"$got"
        if [[ -z $got || $rbytes != "$sbytes" || $rcheck != ok ]]; then
            log "CHECK FAILED: round $r $t: sent ${sbytes:-nothing}, the sink read ${rbytes:-nothing} (${rcheck:-})"
            FAILED=1
            continue
        fi
        gbit=$(awk -v b="$rbytes" -v s="$rsecs" 'BEGIN { printf "%.3f", b * 8 / s / 1e9 }')
        cpu=$(awk -v t="$((c1 - c0))" -v k="$CLK_TCK" -v b="$rbytes" 'BEGIN { printf "%.3f", t / k / (b / 1e9) }')
        printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$t" "$gbit" "$cpu" "$proto $cipher" >>"$RESULTS"
        log "round $r $t: $gbit Gbit/s, $cpu CPU-s per GB, $rbytes bytes byte-exact, $proto $cipher"
    done
done

python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for _, t, g, c, _ in rows:
    by.setdefault(t, ([], []))
    by[t][0].append(float(g)); by[t][1].append(float(c))
med = {t: (statistics.median(v[0]), statistics.median(v[1]), len(v[0])) for t, v in by.items()}
anchors = [t for t in ("nginx", "haproxy") if t in med]
print(f"{'':34}" + "".join(f"{t:>10}" for t in ("nginx", "haproxy", "portierd")) + f"{'P/best':>9}")
for k, label, higher in ((0, "TLS bulk 1 stream, Gbit/s", True), (1, "proxy CPU-s per GB", False)):
    cells = [f"{med[t][k]:10.3f}" if t in med else f"{'-':>10}" for t in ("nginx", "haproxy", "portierd")]
    best = (max if higher else min)(med[t][k] for t in anchors) if anchors else None
    ratio = f"{med['portierd'][k] / best:9.2f}" if best and "portierd" in med else f"{'-':>9}"
    print(f"{label:34}" + "".join(cells) + ratio)
print("medians of " + ", ".join(f"{t} {med[t][2]}" for t in med) + " runs; " + (rows[0][4] if rows else ""))
EOF
log "raw results: $RESULTS"
exit $FAILED
