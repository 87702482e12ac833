#!/usr/bin/env bash
# What watching costs: keepalive req/s and CPU per request of portierd (1 worker) with the
# control API off, and with it on while a collector polls /metrics and
# /api/9/stream/upstreams every second (as Prometheus and the nginx exporter do); optionally a
# baseline portierd (an older build) beside them. Interleaved rounds, medians, ratios.
#
#   bench/stats-cost.sh [--portierd PATH] [--baseline PATH] [--rounds N] [--duration S] [--out DIR]
#
# Same workload as bench/run.sh's "ka" row: wrk -t1 -c50 against an nginx HTTP backend
# answering "ok", through each portierd.
set -u -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/http-backend.sh"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
PORTIERD=$ROOT/build/src/app/portierd
BASELINE=""
ROUNDS=5
DUR=5
OUT=""
while (($#)); do
    case "$1" in
        --portierd) PORTIERD=$2; shift 2 ;;
        --baseline) BASELINE=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --duration) DUR=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "stats-cost: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
for cmd in wrk nginx curl python3; do
    command -v "$cmd" >/dev/null || { echo "stats-cost: $cmd is missing (apt-get install -y --no-install-recommends wrk nginx curl python3, as bench/run.sh does)" >&2; exit 2; }
done
[[ -x $PORTIERD ]] || { echo "stats-cost: no portierd at $PORTIERD (build first, or --portierd PATH)" >&2; exit 2; }
[[ -z $BASELINE || -x $BASELINE ]] || { echo "stats-cost: no baseline portierd at $BASELINE" >&2; exit 2; }

WORK=${OUT:-$(mktemp -d /tmp/portier-stats-cost.XXXXXX)}
mkdir -p "$WORK"
NGINX=$(command -v nginx)
B_HTTP=17290
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
wait_listen() { local i; for ((i = 0; i < 200; i++)); do ss -Hltn "sport = :$1" | grep -q . && return 0; sleep 0.05; done; return 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

write_http_backend "$WORK/backend" "$B_HTTP"
"$NGINX" -p "$WORK/backend/" -c "$WORK/backend/nginx.conf" -e "$WORK/backend/error.log" -g 'daemon off;' >"$WORK/backend/stderr.log" 2>&1 &
PIDS+=($!)
wait_listen $B_HTTP || { echo "stats-cost: the nginx backend did not start (see $WORK/backend)" >&2; exit 1; }

# variant name, binary, listen port, API port (0: off)
VARIANTS=("api-off|$PORTIERD|17291|0" "api-polled|$PORTIERD|17292|17293")
[[ -n $BASELINE ]] && VARIANTS=("baseline|$BASELINE|17294|0" "${VARIANTS[@]}")
declare -A PID PORT
for v in "${VARIANTS[@]}"; do
    IFS='|' read -r name bin port api <<<"$v"
    mkdir -p "$WORK/$name"
    apiline=""
    ((api)) && apiline='"api": { "listen": "127.0.0.1:'$api'" },'
    cat >"$WORK/$name/portierd.json" <<EOF
{ "version": 1, "workers": 1, "error_log": { "level": "notice" }, $apiline
  "listeners": [ { "listen": "127.0.0.1:$port", "protocol": "tcp", "proxy_pass": "127.0.0.1:$B_HTTP", "proxy_timeout": "10m" } ] }
EOF
    "$bin" --config "$WORK/$name/portierd.json" >"$WORK/$name/stderr.log" 2>&1 &
    PID[$name]=$!
    PIDS+=($!)
    PORT[$name]=$port
    wait_listen "$port" || { echo "stats-cost: $name did not listen on $port (see $WORK/$name)" >&2; exit 1; }
done

# The collector: one scrape of each path a second, for the whole run, bounded by the run's length.
polls=$(((ROUNDS * ${#VARIANTS[@]} * (DUR + 2)) + 10))
(
    for ((i = 0; i < polls; i++)); do
        curl -s -o /dev/null http://127.0.0.1:17293/metrics
        curl -s -o /dev/null http://127.0.0.1:17293/api/9/stream/upstreams
        sleep 1
    done
) &
POLLER=$!
PIDS+=($POLLER)

printf 'round\tvariant\treq_per_s\tcpu_us_per_req\n' >"$WORK/results.tsv"
for ((r = 1; r <= ROUNDS; r++)); do
    n=${#VARIANTS[@]}
    for ((i = 0; i < n; i++)); do
        IFS='|' read -r name _ _ _ <<<"${VARIANTS[$(((i + r) % n))]}"
        c0=$(cpu_ticks "${PID[$name]}")
        out=$(timeout $((DUR + 30)) wrk -t1 -c50 "-d${DUR}s" "http://127.0.0.1:${PORT[$name]}/" 2>&1)
        c1=$(cpu_ticks "${PID[$name]}")
        req=$(awk '/requests in/ {print $1}' <<<"$out")
        errs=$(grep -c "Socket errors\|Non-2xx" <<<"$out")
        if [[ -z $req ]] || ((errs)); then
            echo "stats-cost: round $r $name: wrk failed or saw errors:" >&2
            echo "$out" >&2
            exit 1
        fi
        hz=$(getconf CLK_TCK)
        python3 - "$r" "$name" "$req" "$DUR" "$c0" "$c1" "$hz" >>"$WORK/results.tsv" <<'EOF'
import sys
r, name, req, dur, c0, c1, hz = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
print(f"{r}\t{name}\t{req / dur:.0f}\t{(c1 - c0) / hz * 1e6 / max(req, 1):.2f}")
EOF
    done
done
kill $POLLER 2>/dev/null

python3 - "$WORK/results.tsv" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
names = list(dict.fromkeys(r["variant"] for r in rows))
med = {n: (statistics.median(float(r["req_per_s"]) for r in rows if r["variant"] == n),
           statistics.median(float(r["cpu_us_per_req"]) for r in rows if r["variant"] == n)) for n in names}
ref = "baseline" if "baseline" in med else "api-off"
print(f"{'variant':<12}{'req/s':>10}{'CPU us/req':>12}{'req/s ratio':>13}{'CPU ratio':>11}   (medians of {len(rows) // len(names)} rounds; ratios to {ref})")
for n in names:
    rps, cpu = med[n]
    print(f"{n:<12}{rps:>10.0f}{cpu:>12.2f}{rps / med[ref][0]:>13.3f}{cpu / med[ref][1]:>11.3f}")
EOF
echo "stats-cost: results in $WORK/results.tsv"
