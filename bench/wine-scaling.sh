#!/usr/bin/env bash
# How many idle connections, and what rate of short connections, the Linux portierd and the
# Windows portierd.exe under Wine hold on this machine, with the same config and the same
# load (bench/scaletool.py). Everything on 127.0.0.1, every step bounded in count and time,
# every process it starts stopped on exit. Wine figures are not Windows figures: every
# Winsock call under Wine is a request to the wineserver process.
#
#   bench/wine-scaling.sh [--steps "1000 2000 4000 8000"] [--rate-n 5000] [--bulk-mb 100]
#                         [--only linux|wine] [--out DIR]
#
# Needs build/src/app/portierd (scripts/build.sh) and build-win/portierd.exe
# (scripts/build-windows.sh), python3 and wine. Uses a Wine prefix of its own
# (build-win/bench-wineprefix) so that stopping its wineserver touches nothing else.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
steps="1000 2000 4000 8000"
rate_n=5000
bulk_mb=100
only=""
out=""
while [[ $# -gt 0 ]]; do
    case $1 in
    --steps) steps=$2; shift 2 ;;
    --rate-n) rate_n=$2; shift 2 ;;
    --bulk-mb) bulk_mb=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "wine-scaling: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

linux_bin=${PORTIERD:-$root/build/src/app/portierd}
win_bin=${PORTIERD_EXE:-$root/build-win/portierd.exe}
sdk=${PORTIER_WIN64_SDK:-$root/../shared/win64-sdk}
tool=$root/bench/scaletool.py
for need in python3 wine wineserver; do
    command -v $need >/dev/null || { echo "wine-scaling: $need is not installed" >&2; exit 1; }
done
[[ -z $only || $only == wine ]] && [[ ! -f $win_bin ]] && { echo "wine-scaling: no $win_bin: run scripts/build-windows.sh first" >&2; exit 1; }
[[ -z $only || $only == linux ]] && [[ ! -x $linux_bin ]] && { echo "wine-scaling: no $linux_bin: run scripts/build.sh first" >&2; exit 1; }

# A proxied connection costs portierd two descriptors (under Wine, two in the wineserver and
# two in portierd.exe's own cache); the client and the backend one each.
ulimit -n "$(ulimit -Hn)"
limit=$(ulimit -n)
out=${out:-$(mktemp -d /tmp/portier-wine-scaling.XXXXXX)}
mkdir -p "$out"

export WINEPREFIX=${WINEPREFIX_BENCH:-$root/build-win/bench-wineprefix}
export WINEDEBUG=-all
export WINEPATH="$sdk/qt6/bin;$sdk/openssl/bin;/usr/lib/gcc/x86_64-w64-mingw32/12-posix;/usr/x86_64-w64-mingw32/lib"
export QT_PLUGIN_PATH=$sdk/qt6/plugins

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [[ -d $WINEPREFIX ]] && wineserver -k 2>/dev/null || true
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { # port seconds
    local end=$((SECONDS + $2))
    while ((SECONDS < end)); do
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),1).close()" 2>/dev/null && return 0
        sleep 0.3
    done
    return 1
}
json() { python3 -c "import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2], ''))" "$1" "$2"; }
# A process of this script's Wine prefix (other Wine programs may run beside it).
prefix_pid() { # pgrep pattern
    local p
    for p in $(pgrep -f "$1"); do
        tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "WINEPREFIX=$WINEPREFIX" && { echo "$p"; return 0; }
    done
    return 1
}

declare -A held rate serial p50 bulk rss
run_target() { # linux|wine
    local t=$1 backend proxy pid
    backend=$(free_port)
    proxy=$(free_port)
    mkdir -p "$out/$t"
    cat >"$out/$t/portierd.json" <<EOF
{
    "version": 1,
    "workers": 2,
    "error_log": { "level": "notice" },
    "listeners": [ { "listen": "127.0.0.1:$proxy", "protocol": "tcp", "proxy_pass": "127.0.0.1:$backend", "proxy_timeout": "10m" } ]
}
EOF
    python3 "$tool" echo --port "$backend" --max-seconds 1500 2>"$out/$t/echo.log" &
    pids+=($!)
    local echo_pid=$!
    # The backend must listen before portierd connects to it (a port from the ephemeral range
    # can otherwise be taken by portierd's own upstream socket, connected to itself).
    wait_port "$backend" 20 || { echo "wine-scaling: the echo backend did not start" >&2; return 1; }
    if [[ $t == wine ]]; then
        if [[ ! -f $WINEPREFIX/system.reg ]]; then
            echo "wine-scaling: creating $WINEPREFIX (once)" >&2
            wineboot -i >/dev/null 2>&1 || true
        fi
        # The wineserver keeps the descriptor limit of the shell that started it: start a
        # fresh one under this script's limit.
        wineserver -k 2>/dev/null || true
        wineserver -w 2>/dev/null || true
        (cd "$out/$t" && exec wine "$win_bin" --config portierd.json >"$out/$t/stdout.log" 2>"$out/$t/portierd.log") &
    else
        (cd "$out/$t" && exec "$linux_bin" --config portierd.json 2>"$out/$t/portierd.log") &
    fi
    pids+=($!)
    pid=$!
    if ! wait_port "$proxy" 60; then
        echo "wine-scaling: $t: portierd did not listen on 127.0.0.1:$proxy within 60 s" >&2
        return 1
    fi
    if [[ $t == wine ]]; then
        local ws
        ws=$(prefix_pid wineserver || true)
        echo "$t: wineserver's open-files limit: $(awk '/open files/ { print $4 }' /proc/$ws/limits 2>/dev/null)" | tee -a "$out/summary.txt"
        pid=$(prefix_pid "portierd.exe --config" || echo "$pid")
    fi
    held[$t]=0
    for n in $steps; do
        if ((2 * n + 200 > limit)); then
            echo "$t: hold $n skipped: the open-files limit here is $limit" | tee -a "$out/summary.txt"
            break
        fi
        local r
        r=$(timeout 300 python3 "$tool" hold --port "$proxy" -n "$n" --idle 2 --timeout 240 --pid "$pid" || true)
        echo "$t: hold $n: ${r:-no result (timed out)}" | tee -a "$out/summary.txt"
        [[ -n $r && $(json "$r" echoed) == "$n" ]] || break
        held[$t]=$n
        rss[$t]=$(json "$r" proxy_rss_kib)
        sleep 3 # let the sessions of the step close before the next one
    done
    r=$(timeout 300 python3 "$tool" rate --port "$proxy" -n "$rate_n" -c 20 --timeout 240 || true)
    echo "$t: rate: ${r:-no result}" | tee -a "$out/summary.txt"
    rate[$t]=$([[ -n $r ]] && json "$r" per_second || echo 0)
    r=$(timeout 300 python3 "$tool" rate --port "$proxy" -n 300 -c 1 --timeout 240 || true)
    echo "$t: one at a time: ${r:-no result}" | tee -a "$out/summary.txt"
    serial[$t]=$([[ -n $r ]] && json "$r" per_second || echo 0)
    p50[$t]=$([[ -n $r ]] && json "$r" latency_ms_p50 || echo 0)
    r=$(timeout 300 python3 "$tool" bulk --port "$proxy" --bytes $((bulk_mb * 1000000)) --timeout 240 || true)
    echo "$t: bulk: ${r:-no result}" | tee -a "$out/summary.txt"
    bulk[$t]=$([[ -n $r ]] && json "$r" mb_per_second || echo 0)
    kill "$pid" "$echo_pid" 2>/dev/null || true
    [[ $t == wine ]] && { wineserver -k 2>/dev/null || true; }
    wait "$echo_pid" 2>/dev/null || true
    if grep -E '\[(alert|error|crit|emerg)\]' "$out/$t/portierd.log" | head -3 | grep -q .; then
        echo "$t: portierd logged errors (first three):" | tee -a "$out/summary.txt"
        grep -E '\[(alert|error|crit|emerg)\]' "$out/$t/portierd.log" | head -3 | tee -a "$out/summary.txt"
    fi
}

# The load generator's own ceiling: the same loads straight to an echo backend, no proxy.
run_direct() {
    local backend r
    backend=$(free_port)
    mkdir -p "$out/direct"
    python3 "$tool" echo --port "$backend" --max-seconds 600 2>"$out/direct/echo.log" &
    pids+=($!)
    local echo_pid=$!
    wait_port "$backend" 20 || return 1
    r=$(timeout 300 python3 "$tool" rate --port "$backend" -n "$rate_n" -c 20 --timeout 240 || true)
    echo "direct: rate: ${r:-no result}" | tee -a "$out/summary.txt"
    rate[direct]=$([[ -n $r ]] && json "$r" per_second || echo 0)
    r=$(timeout 300 python3 "$tool" rate --port "$backend" -n 300 -c 1 --timeout 240 || true)
    echo "direct: one at a time: ${r:-no result}" | tee -a "$out/summary.txt"
    serial[direct]=$([[ -n $r ]] && json "$r" per_second || echo 0)
    p50[direct]=$([[ -n $r ]] && json "$r" latency_ms_p50 || echo 0)
    r=$(timeout 300 python3 "$tool" bulk --port "$backend" --bytes $((bulk_mb * 1000000)) --timeout 240 || true)
    echo "direct: bulk: ${r:-no result}" | tee -a "$out/summary.txt"
    bulk[direct]=$([[ -n $r ]] && json "$r" mb_per_second || echo 0)
    kill "$echo_pid" 2>/dev/null || true
    wait "$echo_pid" 2>/dev/null || true
}

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr), $(wine --version), open-files limit $limit" | tee "$out/summary.txt"
[[ -z $only ]] && run_direct
for t in linux wine; do
    [[ -n $only && $only != "$t" ]] && continue
    run_target "$t" || { held[$t]=0; rate[$t]=0; serial[$t]=0; bulk[$t]=0; }
done

ratio() { python3 -c "import sys; a,b=float(sys.argv[1] or 0),float(sys.argv[2] or 0); print(f'{a/b:.1f}x' if b else '-')" "$1" "$2"; }
{
    echo
    echo "| | Linux portierd | portierd.exe under Wine | Linux / Wine | no proxy (the load's ceiling) |"
    echo "|---|---|---|---|---|"
    echo "| idle connections held, each then echoed (largest step passed) | ${held[linux]:-} | ${held[wine]:-} | $(ratio "${held[linux]:-0}" "${held[wine]:-0}") | |"
    echo "| portierd RSS while holding them, KiB | ${rss[linux]:-} | ${rss[wine]:-} | | |"
    echo "| short connections per second (connect, 16 B echo, close; $rate_n, 20 at a time) | ${rate[linux]:-} | ${rate[wine]:-} | $(ratio "${rate[linux]:-0}" "${rate[wine]:-0}") | ${rate[direct]:-} |"
    echo "| short connections per second, one at a time (300) | ${serial[linux]:-} | ${serial[wine]:-} | $(ratio "${serial[linux]:-0}" "${serial[wine]:-0}") | ${serial[direct]:-} |"
    echo "| one at a time: connect to whole echo, median ms | ${p50[linux]:-} | ${p50[wine]:-} | $(ratio "${p50[wine]:-0}" "${p50[linux]:-0}") slower | ${p50[direct]:-} |"
    echo "| bulk echo through one connection, MB/s ($bulk_mb MB) | ${bulk[linux]:-} | ${bulk[wine]:-} | $(ratio "${bulk[linux]:-0}" "${bulk[wine]:-0}") | ${bulk[direct]:-} |"
} | tee -a "$out/summary.txt"
echo "wine-scaling: everything is in $out"
