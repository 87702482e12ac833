#!/usr/bin/env bash
# Side-by-side loopback benchmark: nginx stream (1 worker), HAProxy TCP mode (1 thread),
# portierd with 1 and with 2 worker threads, on the same workloads, interleaved round by
# round. See bench/README.md.
#
#   bench/run.sh [--quick] [--portierd PATH] [--rounds N] [--duration S] [--idle N]
#                [--out DIR] [--no-direct] [--no-extras] [--perf] [--wait-quiet]
#                [--max-foreign PCT] [--retries N] [--nice N] [--only LIST] [--peer-buffers B]
set -u -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/http-backend.sh"
source "$(dirname "${BASH_SOURCE[0]}")/certificate.sh"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
TOOL="$HERE/benchtool.py"
LUA="$HERE/wrk-report.lua"

QUICK=0
PORTIERD=""
ROUNDS=""
TLS_ROUNDS=""
UDP_ROUNDS=""
UDP_WINDOW=4M
DUR=""
IDLE_N=9000
OUT=""
DIRECT=1
EXTRAS=1
PERF=0
WAIT_QUIET=0
MAX_FOREIGN=10
RETRIES=2
NICE=""
ONLY="ka,cc,bulk,idle,tls,udp"
PEER_BUFFERS=""

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOF'
  --quick          2 s per measurement, 2 rounds (a smoke run, ~3 minutes)
  --portierd PATH  the portierd to test (default: build-bench/src/app/portierd, built if missing)
  --rounds N       interleaved rounds (default 3; medians are reported)
  --tls-rounds N   rounds of the TLS rows, also interleaved (default: as --rounds; 1 with --quick)
  --udp-rounds N   runs of the UDP row per proxy, interleaved (default: as --tls-rounds)
  --udp-window W   iperf3 -w for the UDP row: the socket buffers of iperf3's own sender and
                   receiver (default 4M, Linux caps it at net.core.rmem_max/wmem_max), so that
                   what is lost is lost in the proxy, not in iperf3's receiver; "system" leaves
                   iperf3's default (the receiver then drops most of what is lost: see
                   docs/performance.md, "UDP: where the datagrams are lost")
  --duration S     seconds per measurement (default 5)
  --idle N         idle connections for the busy-among-idle and memory rows (default 9000)
  --out DIR        keep configs, logs and results.tsv there (default: a new /tmp/portier-bench.* dir)
  --no-direct      skip the no-proxy reference column
  --no-extras      skip the TLS/UDP rows (the same as leaving tls and udp out of --only)
  --perf           afterwards, profile portierd-1 under the keepalive load with perf (cpu-clock)
  --wait-quiet     before starting, wait (up to 15 min) until the CPUs are < 10% busy for 5 s
  --max-foreign P  measure again (up to --retries times, default 2) when other processes took more
                   than P% of the CPUs during a measurement (default 10)
  --nice N         run everything the benchmark starts at this nice level (default -10 as root,
                   else 0), so that other jobs on the machine disturb it less; the same for all
  --only LIST      run only these workloads: ka,cc,bulk,idle (the rounds) and tls,udp (the
                   extras, after the rounds) (default all)
  --peer-buffers B give nginx (proxy_buffer_size) and HAProxy (tune.bufsize) B-byte buffers
                   instead of their 16 KiB defaults, e.g. 65536 to match Portier's read size
EOF
}

ORIGINAL_ARGS=("$@")
while (($#)); do
    case "$1" in
        --quick) QUICK=1 ;;
        --portierd) PORTIERD=$2; shift ;;
        --portierd=*) PORTIERD=${1#*=} ;;
        --rounds) ROUNDS=$2; shift ;;
        --tls-rounds) TLS_ROUNDS=$2; shift ;;
        --udp-rounds) UDP_ROUNDS=$2; shift ;;
        --udp-window) UDP_WINDOW=$2; shift ;;
        --duration) DUR=$2; shift ;;
        --idle) IDLE_N=$2; shift ;;
        --out) OUT=$2; shift ;;
        --no-direct) DIRECT=0 ;;
        --no-extras) EXTRAS=0 ;;
        --perf) PERF=1 ;;
        --wait-quiet) WAIT_QUIET=1 ;;
        --max-foreign) MAX_FOREIGN=$2; shift ;;
        --retries) RETRIES=$2; shift ;;
        --nice) NICE=$2; shift ;;
        --only) ONLY=$2; shift ;;
        --peer-buffers) PEER_BUFFERS=$2; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if ((QUICK)); then
    : "${ROUNDS:=2}" "${DUR:=2}"
    : "${TLS_ROUNDS:=1}"
    [[ " ${ORIGINAL_ARGS[*]} " == *" --retries "* ]] || RETRIES=1
else
    : "${ROUNDS:=3}" "${DUR:=5}"
    : "${TLS_ROUNDS:=$ROUNDS}"
fi
: "${UDP_ROUNDS:=$TLS_ROUNDS}"
[[ $UDP_WINDOW == system ]] && UDP_WINDOW=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }

# ---------------------------------------------------------------- tools (idempotent)
need=()
for cmd in wrk iperf3 haproxy nginx python3; do
    command -v "$cmd" >/dev/null 2>&1 || [[ -x /usr/sbin/$cmd ]] || need+=("$cmd")
done
dpkg -s libnginx-mod-stream >/dev/null 2>&1 || need+=(libnginx-mod-stream)
if ((${#need[@]})); then
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO=sudo
    log "installing ${need[*]}"
    $SUDO apt-get install -y --no-install-recommends "${need[@]}" ||
        { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends "${need[@]}"; } ||
        die "could not install ${need[*]}"
fi
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO=sudo
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
HAPROXY=$(command -v haproxy 2>/dev/null || echo /usr/sbin/haproxy)
STREAM_MODULE=/usr/lib/nginx/modules/ngx_stream_module.so
[[ -f $STREAM_MODULE ]] || die "$STREAM_MODULE is missing (libnginx-mod-stream)"
command -v ss >/dev/null || die "ss (iproute2) is needed"
if ((PERF)) && ! command -v perf >/dev/null; then
    log "installing linux-perf for --perf"
    $SUDO apt-get install -y --no-install-recommends linux-perf || log "no perf; --perf will be skipped"
fi

# ---------------------------------------------------------------- portierd
BUILD_NOTE=""
if [[ -z $PORTIERD ]]; then
    PORTIERD="$ROOT/build-bench/src/app/portierd"
    if [[ ! -f $ROOT/build-bench/CMakeCache.txt ]]; then
        log "configuring $ROOT/build-bench (Release, no tests, no GUI)"
        mkdir -p "$ROOT/build-bench"
        cmake -S "$ROOT" -B "$ROOT/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release \
            -DPORTIER_BUILD_TESTS=OFF -DPORTIER_BUILD_GUI=OFF >"$ROOT/build-bench/bench-configure.log" 2>&1 ||
            die "configuring build-bench failed (see $ROOT/build-bench/bench-configure.log)"
    fi
    # Always bring it up to date (a no-op when it is), so the benchmark never runs a binary
    # older than the tree without saying so. (The re-run in its own session skips this.)
    [[ -z ${PORTIER_BENCH_SESSION:-} ]] && log "building portierd in $ROOT/build-bench"
    if [[ -z ${PORTIER_BENCH_SESSION:-} ]] && ! cmake --build "$ROOT/build-bench" --target portierd >"$ROOT/build-bench/bench-build.log" 2>&1; then
        [[ -x $PORTIERD ]] || die "building portierd failed (see $ROOT/build-bench/bench-build.log)"
        BUILD_NOTE="WARNING: building portierd from the current tree failed; this ran the previous binary"
        log "$BUILD_NOTE (see $ROOT/build-bench/bench-build.log)"
    fi
fi
[[ -x $PORTIERD ]] || die "$PORTIERD is not an executable"

# ---------------------------------------------------------------- limits
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
NOFILE=$(ulimit -n)
# Each idle connection costs the proxy two descriptors; keep room for the load and listeners.
MAX_IDLE=$(((NOFILE - 400) / 2))
if ((IDLE_N > MAX_IDLE)); then
    log "ulimit -n is $NOFILE: lowering --idle from $IDLE_N to $MAX_IDLE"
    IDLE_N=$MAX_IDLE
fi
CLK_TCK=$(getconf CLK_TCK)

# ---------------------------------------------------------------- priority
if [[ -z $NICE ]]; then
    [[ $(id -u) -eq 0 ]] && NICE=-10 || NICE=0
fi
if [[ $NICE != 0 ]]; then
    if [[ -r /proc/self/autogroup && $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null) == 1 ]]; then
        # With autogroup scheduling a nice level only weighs inside its session's group, so
        # other sessions' jobs (a build) still get their share. Run in a session of our own
        # and give that group the nice level; the wrapper passes Ctrl-C/TERM on so the
        # benchmark's own trap still stops everything it started.
        if [[ -z ${PORTIER_BENCH_SESSION:-} ]]; then
            PORTIER_BENCH_SESSION=1 setsid "$0" "${ORIGINAL_ARGS[@]}" &
            child=$!
            trap 'kill -TERM "$child" 2>/dev/null' INT TERM HUP
            while :; do
                wait "$child"
                rc=$?
                kill -0 "$child" 2>/dev/null || break # else a signal interrupted the wait
            done
            exit "$rc"
        fi
        if { echo "$NICE" >/proc/self/autogroup; } 2>/dev/null; then
            NICE="$NICE (its own autogroup)"
        else
            NICE="$NICE (in the process only: could not set the autogroup's level)"
        fi
    fi
    # Everything started from here on inherits it: proxies, backends, wrk, iperf3.
    renice -n "${NICE%% *}" -p $$ >/dev/null 2>&1 || NICE="0 (renice failed)"
fi

# ---------------------------------------------------------------- work dir, cleanup
if [[ -n $OUT ]]; then
    mkdir -p "$OUT" && WORK=$(cd "$OUT" && pwd) || die "cannot create $OUT"
else
    WORK=$(mktemp -d /tmp/portier-bench.XXXXXX)
fi
RESULTS="$WORK/results.tsv"
FAILURES="$WORK/failures.txt"
: >"$RESULTS"
: >"$FAILURES"
: >"$WORK/tls-checks.txt"
rm -f "$WORK/bytecheck.txt" "$WORK/retried.tsv" # appended to below; an --out DIR may be reused
rm -f "$WORK"/tls/s_client-*.log "$WORK"/tls/session-* "$WORK"/tls/wrk-check-*
printf 'round\tmetric\ttarget\tvalue\n' >>"$RESULTS"

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for _ in $(seq 30); do
        local alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 0.1
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---------------------------------------------------------------- ports
# HTTP backend, iperf3 backend, idle backend (benchtool.py), then per proxy: p1xx HTTP,
# p2xx iperf3, p3xx idle. Below the ephemeral range (32768+), 127.0.0.1 only.
B_HTTP=17080
B_IPERF=17200
B_IDLE=17300
TARGETS=(nginx haproxy portier1 portier2)
declare -A N=([direct]=0 [nginx]=1 [haproxy]=2 [portier1]=3 [portier2]=4)
http_port() { [[ $1 == direct ]] && echo $B_HTTP || echo $((17100 + N[$1])); }
iperf_port() { [[ $1 == direct ]] && echo $B_IPERF || echo $((17200 + N[$1])); }
idle_port() { echo $((17300 + N[$1])); }
# TLS termination in front of the HTTP backend, three listeners per proxy, all with the same
# certificate: 171[1]N TLS 1.2+1.3 with resumption (cache and tickets), 171[2]N TLS 1.2+1.3
# with resumption off, 171[3]N TLS 1.2 only with resumption. 17140: benchtool.py tlsserver,
# which checks once that wrk itself offers its previous session when it reconnects.
tls_port() { echo $((17110 + N[$1])); }
tls_full_port() { echo $((17120 + N[$1])); }
tls12_port() { echo $((17130 + N[$1])); }
TLS_WRK_CHECK=17140
tls_ports() { echo "$(tls_port "$1") $(tls_full_port "$1") $(tls12_port "$1")"; }

for p in $B_HTTP $B_IPERF $B_IDLE 17101 17102 17103 17104 17201 17202 17203 17204 17301 17302 17303 17304 \
    $(for t in "${TARGETS[@]}"; do tls_ports "$t"; done) $TLS_WRK_CHECK; do
    if ss -Hltn "sport = :$p" | grep -q . || ss -Hlun "sport = :$p" | grep -q .; then
        die "port $p is already in use; stop whatever listens there"
    fi
done

wait_listen() { # port [timeout_s]
    local i
    for ((i = 0; i < ${2:-10} * 20; i++)); do
        ss -Hltn "sport = :$1" | grep -q . && return 0
        sleep 0.05
    done
    return 1
}

forget() { # pid: exited and waited for; never signal that number again
    local keep=() x
    for x in "${PIDS[@]}"; do [[ $x == "$1" ]] || keep+=("$x"); done
    PIDS=("${keep[@]}")
}

start() { # name logfile command...: runs in the background, remembers the pid in LAST_PID
    local logfile=$2 # $1: a name, for reading the call
    shift 2
    "$@" >"$logfile" 2>&1 &
    LAST_PID=$!
    PIDS+=("$LAST_PID")
}

# ---------------------------------------------------------------- configs
mkdir -p "$WORK"/{backend,nginx,haproxy,portier1,portier2,tls,wrk,iperf,idle}

write_http_backend "$WORK/backend" "$B_HTTP" # HTTP backend for the request/response rows

TLS_OK=0
if ((EXTRAS)) && [[ ,$ONLY, == *,tls,* ]] && command -v openssl >/dev/null; then
    make_bench_certificate "$WORK/tls" && TLS_OK=1
fi
# The TLS protocols are set explicitly and alike everywhere: nginx 1.22's default is
# "TLSv1 TLSv1.1 TLSv1.2" (TLS 1.3 joined its default only in 1.23.4), HAProxy 2.6's and
# Portier's include TLS 1.3, so with defaults nginx would do TLS 1.2 (ticket resumptions
# without any key exchange) where the others do TLS 1.3 (an X25519 exchange even when
# resuming). Resumption: nginx a shared cache + tickets (its default), as Portier's
# "shared:SSL:10m" + tickets; HAProxy's cache is global (tune.ssl.cachesize, on by default)
# and its tickets are on by default. For resumption off HAProxy only has no-tls-tickets on a
# bind: its global cache still resumes TLS 1.3 and 1.2 sessions there, which the
# s_client checks below find (that row is then "n/a" for HAProxy).
NGINX_TLS=""
HAPROXY_TLS=""
if ((TLS_OK)); then
    ngx_tls="ssl_certificate $WORK/tls/cert.pem; ssl_certificate_key $WORK/tls/key.pem;"
    NGINX_TLS="server { listen 127.0.0.1:$(tls_port nginx) ssl; $ngx_tls ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache shared:SSL:10m; ssl_session_tickets on; proxy_pass 127.0.0.1:$B_HTTP; }
    server { listen 127.0.0.1:$(tls_full_port nginx) ssl; $ngx_tls ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache off; ssl_session_tickets off; proxy_pass 127.0.0.1:$B_HTTP; }
    server { listen 127.0.0.1:$(tls12_port nginx) ssl; $ngx_tls ssl_protocols TLSv1.2; ssl_session_cache shared:SSL:10m; ssl_session_tickets on; proxy_pass 127.0.0.1:$B_HTTP; }"
    HAPROXY_TLS="frontend fe_tls
    bind 127.0.0.1:$(tls_port haproxy) ssl crt $WORK/tls/combined.pem ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.3
    default_backend be_http
frontend fe_tls_full
    bind 127.0.0.1:$(tls_full_port haproxy) ssl crt $WORK/tls/combined.pem ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.3 no-tls-tickets
    default_backend be_http
frontend fe_tls12
    bind 127.0.0.1:$(tls12_port haproxy) ssl crt $WORK/tls/combined.pem ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.2
    default_backend be_http"
fi

# nginx stream: one worker, the defaults otherwise (proxy_buffer_size 16k, tcp_nodelay on).
cat >"$WORK/nginx/nginx.conf" <<EOF
load_module $STREAM_MODULE;
worker_processes 1;
worker_rlimit_nofile 20000;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log notice;
events { worker_connections 20000; }
stream {
    proxy_timeout 10m;
    ${PEER_BUFFERS:+proxy_buffer_size $PEER_BUFFERS;}
    server { listen 127.0.0.1:$(http_port nginx); proxy_pass 127.0.0.1:$B_HTTP; }
    server { listen 127.0.0.1:$(iperf_port nginx); listen 127.0.0.1:$(iperf_port nginx) udp; proxy_pass 127.0.0.1:$B_IPERF; }
    server { listen 127.0.0.1:$(idle_port nginx); proxy_pass 127.0.0.1:$B_IDLE; }
    $NGINX_TLS
}
EOF

# HAProxy in TCP mode: one thread, the defaults otherwise (no splicing, as nginx; portierd
# splices by default on Linux, which is what its bulk rows measure). maxconn leaves room under the 20000-descriptor limit (2 per connection).
cat >"$WORK/haproxy/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn 9800
    ${PEER_BUFFERS:+tune.bufsize $PEER_BUFFERS}
    pidfile $WORK/haproxy/haproxy.pid
defaults
    mode tcp
    timeout connect 5s
    timeout client 10m
    timeout server 10m
frontend fe_http
    bind 127.0.0.1:$(http_port haproxy)
    default_backend be_http
frontend fe_iperf
    bind 127.0.0.1:$(iperf_port haproxy)
    default_backend be_iperf
frontend fe_idle
    bind 127.0.0.1:$(idle_port haproxy)
    default_backend be_idle
$HAPROXY_TLS
backend be_http
    server s1 127.0.0.1:$B_HTTP
backend be_iperf
    server s1 127.0.0.1:$B_IPERF
backend be_idle
    server s1 127.0.0.1:$B_IDLE
EOF

# Extras, as for nginx: TLS termination in front of the HTTP backend with the same
# certificate and the same protocols and resumption settings (see NGINX_TLS above), and UDP
# on the iperf3 port next to its TCP listener (iperf3's control channel).
UDP_ON=0
((EXTRAS)) && [[ ,$ONLY, == *,udp,* ]] && UDP_ON=1
portier_conf() { # name workers
    local certs="" tls="" udp=""
    if ((TLS_OK)); then
        certs='"certificates": [ { "name": "bench", "certificate_file": "'"$WORK/tls/cert.pem"'", "key_file": "'"$WORK/tls/key.pem"'" } ],'
        local resume='"session_cache": "shared:SSL:10m", "session_tickets": true'
        tls=',
        { "listen": "127.0.0.1:'"$(tls_port "$1")"'", "protocol": "tcp", "proxy_pass": "127.0.0.1:'"$B_HTTP"'", "proxy_timeout": "10m",
          "ssl": { "certificate": "bench", "protocols": "TLSv1.2 TLSv1.3", '"$resume"' } },
        { "listen": "127.0.0.1:'"$(tls_full_port "$1")"'", "protocol": "tcp", "proxy_pass": "127.0.0.1:'"$B_HTTP"'", "proxy_timeout": "10m",
          "ssl": { "certificate": "bench", "protocols": "TLSv1.2 TLSv1.3", "session_cache": "off", "session_tickets": false } },
        { "listen": "127.0.0.1:'"$(tls12_port "$1")"'", "protocol": "tcp", "proxy_pass": "127.0.0.1:'"$B_HTTP"'", "proxy_timeout": "10m",
          "ssl": { "certificate": "bench", "protocols": "TLSv1.2", '"$resume"' } }'
    fi
    if ((UDP_ON)); then
        udp=',
        { "listen": "127.0.0.1:'"$(iperf_port "$1")"'", "protocol": "udp", "proxy_pass": "127.0.0.1:'"$B_IPERF"'", "proxy_timeout": "10m" }'
    fi
    cat <<EOF
{
    "version": 1,
    "workers": $2,
    "error_log": { "level": "notice" },
    $certs
    "listeners": [
        { "listen": "127.0.0.1:$(http_port "$1")", "protocol": "tcp", "proxy_pass": "127.0.0.1:$B_HTTP", "proxy_timeout": "10m" },
        { "listen": "127.0.0.1:$(iperf_port "$1")", "protocol": "tcp", "proxy_pass": "127.0.0.1:$B_IPERF", "proxy_timeout": "10m" },
        { "listen": "127.0.0.1:$(idle_port "$1")", "protocol": "tcp", "proxy_pass": "127.0.0.1:$B_IDLE", "proxy_timeout": "10m" }$tls$udp
    ]
}
EOF
}
portier_conf portier1 1 >"$WORK/portier1/portierd.json"
portier_conf portier2 2 >"$WORK/portier2/portierd.json"

# ---------------------------------------------------------------- start everything
declare -A PID  # the process whose CPU and RSS we read
log "work dir: $WORK"
start backend "$WORK/backend/stderr.log" "$NGINX" -p "$WORK/backend/" -c "$WORK/backend/nginx.conf" -e "$WORK/backend/error.log" -g 'daemon off;'
start iperf3 "$WORK/iperf/server.log" iperf3 -s -B 127.0.0.1 -p $B_IPERF
IPERF_PID=$LAST_PID
declare -A MAIN # the process to signal (nginx: the master)
start_proxy() { # target
    local t=$1
    [[ -f $WORK/$t/stderr.log ]] && mv "$WORK/$t/stderr.log" "$WORK/$t/stderr.$(date +%s%N).log"
    case $t in
        nginx) start "$t" "$WORK/$t/stderr.log" "$NGINX" -p "$WORK/nginx/" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" -g 'daemon off;' ;;
        haproxy) start "$t" "$WORK/$t/stderr.log" "$HAPROXY" -db -f "$WORK/haproxy/haproxy.cfg" ;;
        portier*) start "$t" "$WORK/$t/stderr.log" "$PORTIERD" --config "$WORK/$t/portierd.json" ;;
    esac
    MAIN[$t]=$LAST_PID
    PID[$t]=$LAST_PID
}
wait_proxy() { # target: listening on all its ports (portierd: and said so), nginx: worker found
    local t=$1 p
    local ports=($(http_port "$t") $(iperf_port "$t") $(idle_port "$t"))
    ((TLS_OK)) && ports+=($(tls_ports "$t"))
    for p in "${ports[@]}"; do
        wait_listen $p || die "$t did not listen on $p (see $WORK/$t/)"
        if [[ $t == portier* ]]; then
            grep -q "listening on 127.0.0.1:$p" "$WORK/$t/stderr.log" || die "$t did not log 'listening on 127.0.0.1:$p'"
        fi
    done
    if [[ $t == nginx ]]; then
        PID[nginx]=""
        for _ in $(seq 50); do
            PID[nginx]=$(pgrep -P "${MAIN[nginx]}" | head -1)
            [[ -n ${PID[nginx]} ]] && break
            sleep 0.1
        done
        [[ -n ${PID[nginx]} ]] || die "no nginx worker process"
    fi
}
stop_proxy() { # target: SIGTERM, wait for it to exit
    local t=$1 pid=${MAIN[$1]} i
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    forget "$pid"
}
restart_proxy() { stop_proxy "$1"; start_proxy "$1"; wait_proxy "$1"; }

for t in "${TARGETS[@]}"; do start_proxy "$t"; done
for p in $B_HTTP $B_IPERF; do wait_listen $p || die "backend port $p did not open (see $WORK/backend, $WORK/iperf)"; done
for t in "${TARGETS[@]}"; do wait_proxy "$t"; done
if ((UDP_ON)); then
    for t in nginx portier1 portier2; do
        ss -Hlun "sport = :$(iperf_port "$t")" | grep -q . || die "$t has no UDP listener on $(iperf_port "$t") (see $WORK/$t/)"
    done
fi
log "running: nginx master ${MAIN[nginx]} worker ${PID[nginx]}, haproxy ${PID[haproxy]}, portierd-1 ${PID[portier1]}, portierd-2 ${PID[portier2]}"

# ---------------------------------------------------------------- measuring helpers
REC_FILE=$RESULTS
PENDING="$WORK/pending.tsv"
rec() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$REC_FILE"; }
failure() { log "CHECK FAILED: $*"; echo "$*" >>"$FAILURES"; }
cpu_ticks() { # utime+stime of the whole process (all threads)
    [[ -n ${1:-} && -r /proc/$1/stat ]] || { echo 0; return; }
    sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
alive() {
    local t
    for t in "${TARGETS[@]}"; do
        kill -0 "${PID[$t]}" 2>/dev/null || die "$t (pid ${PID[$t]}) is gone; see $WORK/$t/"
    done
}
calc() { awk "BEGIN { printf \"%.6f\", $* }"; }

busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; } # user nice system irq softirq
our_ticks() { # CPU of everything this script started: live processes + waited-for children
    local total=0 pid child
    for pid in "${PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null || continue
        total=$((total + $(cpu_ticks "$pid")))
        for child in $(pgrep -P "$pid"); do total=$((total + $(cpu_ticks "$child"))); done
    done
    # bash's `times`, written to $1 by the main shell (in a $(...) subshell it would count
    # only the subshell's own children): second line = user and system time of waited-for children.
    local line u s
    line=$(tail -1 "$1")
    u=${line%% *}
    s=${line##* }
    total=$(awk -v u="$u" -v s="$s" -v t="$total" -v hz="$CLK_TCK" 'function sec(x, m) { m = x; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", x); sub(/s$/, "", x); return m * 60 + x } BEGIN { printf "%d", t + (sec(u) + sec(s)) * hz }')
    echo "$total"
}
# Other processes' share of the CPUs during a measurement: all busy time minus ours.
m_begin() {
    times >"$WORK/times.txt"
    M_BUSY=$(busy_ticks)
    M_OURS=$(our_ticks "$WORK/times.txt")
    M_T0=$(date +%s%N)
}
m_foreign_pct() { # call `times >"$WORK/times.txt"` in the main shell first
    local b o
    b=$(($(busy_ticks) - M_BUSY))
    o=$(($(our_ticks "$WORK/times.txt") - M_OURS))
    awk -v b="$b" -v o="$o" -v hz="$CLK_TCK" -v ns=$(($(date +%s%N) - M_T0)) -v n="$(nproc)" \
        'BEGIN { f = (b - o) / hz; if (f < 0) f = 0; printf "%.1f", 100 * f / (ns / 1e9 * n) }'
}

# measure round target command...: one measurement; again (up to RETRIES times) when other
# processes took more than MAX_FOREIGN% of the CPUs meanwhile, keeping the least disturbed
# attempt. When the machine stays busy (three measurements in a row used up their retries),
# retrying stops for the rest of the run: it would only triple the time.
EXHAUSTED=0
measure() {
    local round=$1 target=$2 attempt rc pct best_pct="" best_rc=0 best_w=""
    shift 2
    for ((attempt = 1; ; attempt++)); do
        : >"$PENDING"
        REC_FILE=$PENDING
        W_RPS="" W_P99=""
        m_begin
        "$@"
        rc=$?
        times >"$WORK/times.txt"
        pct=$(m_foreign_pct)
        REC_FILE=$RESULTS
        if ((rc != 0)) || [[ -z $best_pct ]] || awk -v p="$pct" -v b="$best_pct" 'BEGIN { exit !(p < b) }'; then
            cp "$PENDING" "$PENDING.best"
            best_pct=$pct best_rc=$rc best_w="$W_RPS $W_P99"
        fi
        ((rc != 0)) && break
        awk -v p="$pct" -v m="$MAX_FOREIGN" 'BEGIN { exit !(p > m) }' || break
        if ((attempt > RETRIES)); then
            EXHAUSTED=$((EXHAUSTED + 1))
            if ((EXHAUSTED >= 3 && RETRIES > 0)); then
                log "    (the machine stays busy; not measuring again from here on)"
                RETRIES=0
            fi
            break
        fi
        log "    (other processes took $pct% of the CPUs during that; measuring again)"
        printf '%s\t%s\t%s\t%s\n' "$round" "$target" "$*" "$pct" >>"$WORK/retried.tsv"
    done
    awk -v p="$best_pct" -v m="$MAX_FOREIGN" 'BEGIN { exit !(p <= m) }' && EXHAUSTED=0
    cat "$PENDING.best" >>"$RESULTS"
    rec "$round" foreign_pct "$target" "$best_pct"
    read -r W_RPS W_P99 <<<"$best_w"
    return $best_rc
}

# HTTP response sizes, for checking wrk's byte counts: every response is the same length.
SIZE_KA=$(python3 "$TOOL" httpsize $B_HTTP) || die "the HTTP backend does not answer"
SIZE_CC=$(python3 "$TOOL" httpsize $B_HTTP --close) || die "the HTTP backend does not answer"

# run_wrk round target mode prefix: wrk -t1 -c50, checks errors and bytes. Modes: ka, cc
# (Connection: close), and over TLS: tls13_ka (keepalive), tls13_hs (Connection: close, so a
# handshake per request; wrk offers its previous session, so these resume), tls13_full (the
# same on the listener with resumption off) and tls12_hs (the TLS 1.2-only listener).
run_wrk() { measure "$1" "$2" run_wrk_once "$@"; }
run_wrk_once() {
    local round=$1 target=$2 mode=$3 prefix=$4
    local url size=$SIZE_KA
    url="http://127.0.0.1:$(http_port "$target")/"
    local args=(-t1 -c50 "-d${DUR}s" --latency -s "$LUA")
    case $mode in
        tls*) url="https://127.0.0.1:$(tls_mode_port "$target" "$mode")/" ;;
    esac
    case $mode in
        cc | tls*_hs | tls13_full) args+=(-H 'Connection: close'); size=$SIZE_CC ;;
    esac
    local out="$WORK/wrk/r$round-$prefix-$target.txt"
    local pid=${PID[$target]:-}
    local c0 c1
    c0=$(cpu_ticks "$pid")
    timeout $((DUR + 30)) wrk "${args[@]}" "$url" >"$out" 2>&1
    local rc=$?
    c1=$(cpu_ticks "$pid")
    local line
    line=$(grep '^WRKRESULT ' "$out")
    if ((rc != 0)) || [[ -z $line ]]; then
        failure "round $round $prefix $target: wrk failed (exit $rc), see $out"
        return 1
    fi
    local _ req dur bytes econn eread ewrite estatus etimeout p50 p99
    read -r _ req dur bytes econn eread ewrite estatus etimeout p50 p99 _ <<<"$line"
    local errors=$((econn + eread + ewrite + estatus + etimeout))
    if ((errors)); then
        failure "round $round $prefix $target: wrk errors connect=$econn read=$eread write=$ewrite non-2xx=$estatus timeout=$etimeout ($out)"
    fi
    # Every response is $size bytes; wrk may also count the partial responses in flight when it
    # stops (at most one per connection), never fewer bytes than whole responses.
    local expect=$((req * size))
    if ((bytes < expect || bytes > expect + 50 * size)); then
        failure "round $round $prefix $target: wrk read $bytes bytes for $req responses of $size bytes ($out)"
    fi
    if ((req == 0)); then
        failure "round $round $prefix $target: no requests completed ($out)"
        return 1
    fi
    W_RPS=$(calc "$req / ($dur / 1e6)")
    W_P50=$(calc "$p50 / 1000")
    W_P99=$(calc "$p99 / 1000")
    rec "$round" "${prefix}_rps" "$target" "$W_RPS"
    rec "$round" "${prefix}_p50" "$target" "$W_P50"
    rec "$round" "${prefix}_p99" "$target" "$W_P99"
    rec "$round" "${prefix}_errors" "$target" "$errors"
    if [[ -n $pid ]]; then
        rec "$round" "${prefix}_cpu" "$target" "$(calc "($c1 - $c0) / $CLK_TCK * 1e6 / $req")"
        rec "$round" "${prefix}_cpuutil" "$target" "$(calc "($c1 - $c0) / $CLK_TCK / ($dur / 1e6)")"
    fi
    log "  r$round $prefix $target: $(printf '%.0f' "$W_RPS")/s p50 ${W_P50}ms p99 ${W_P99}ms errors $errors cpu $(calc "($c1 - $c0) / $CLK_TCK")s"
    return 0
}

tls_mode_port() { # target mode: the TLS listener a TLS mode runs against
    case $2 in
        tls13_full) tls_full_port "$1" ;;
        tls12_hs) tls12_port "$1" ;;
        *) tls_port "$1" ;;
    esac
}

# ---------------------------------------------------------------- TLS checks
# tls_hello port session-option session-file [s_client options...]: one TLS connection carrying
# one HTTP request (Connection: close) through the proxy; prints "New|Reused|none
# PROTOCOL|none 200|none". s_client reads until the proxy closes (-ign_eof), so with TLS 1.3
# it has the session tickets sent after the handshake before it writes -sess_out.
tls_hello() {
    local port=$1 sopt=$2 sfile=$3 out
    shift 3
    out=$(printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' |
        timeout 10 openssl s_client -connect "127.0.0.1:$port" -ign_eof "$sopt" "$sfile" "$@" 2>&1)
    printf '=== s_client %s %s %s\n%s\n' "$sopt" "$sfile" "$*" "$out" >>"$WORK/tls/s_client-$port.log"
    local kind=none proto=none status=none
    if [[ $out =~ (^|$'\n')(New|Reused),\ (TLSv1\.[0-3]), ]]; then
        kind=${BASH_REMATCH[2]} proto=${BASH_REMATCH[3]}
    fi
    [[ $out == *$'\n'"HTTP/1.1 200 "* ]] && status=200
    echo "$kind $proto $status"
}

# tls_check target port what want [s_client options...]: two connections, the second offering
# the session the first got; want "PROTOCOL New|Reused" is what the second must show (the first
# must be New with the same protocol, and both must get the backend's 200), or "refused": the
# first connection must get no session at all. Sets TLS_GOT; logs to tls-checks.txt.
tls_check() {
    local target=$1 port=$2 what=$3 want=$4 sess="$WORK/tls/session-$2.pem" ok=0
    shift 4
    rm -f "$sess" "$sess.2"
    local first second
    first=$(tls_hello "$port" -sess_out "$sess" "$@")
    if [[ $want == refused ]]; then
        TLS_GOT="$first"
        [[ $first == "none none none" ]] && ok=1
    else
        if [[ -s $sess ]]; then
            second=$(tls_hello "$port" -sess_in "$sess" "$@")
            TLS_GOT="1st $first, 2nd $second"
        else # no session to offer (with TLS 1.3: the server sent no ticket), so it cannot resume
            second=$(tls_hello "$port" -sess_out "$sess.2" "$@")
            TLS_GOT="1st $first (no session ticket), 2nd $second"
        fi
        [[ $first == "New ${want% *} 200" && $second == "${want#* } ${want% *} 200" ]] && ok=1
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$port" "$what${*:+ (s_client $*)}" "$want" "$TLS_GOT" \
        "$( ((ok)) && echo ok || echo MISMATCH)" >>"$WORK/tls-checks.txt"
    ((ok))
}

# wrk_resumes maxversion: wrk -c2 with Connection: close for 1 s against benchtool.py tlsserver
# (TLS up to that version, tickets on), which counts the handshakes that resumed a session.
wrk_resumes() {
    local v=$1 done="$WORK/tls/wrk-check-$1.done" out="$WORK/tls/wrk-check-$1.json"
    rm -f "$done"
    python3 "$TOOL" tlsserver --port $TLS_WRK_CHECK --cert "$WORK/tls/cert.pem" --key "$WORK/tls/key.pem" \
        --max-version "$v" --connections 2 --done "$done" --max-seconds 60 >"$out" 2>&1 &
    local server=$!
    PIDS+=("$server")
    if wait_listen $TLS_WRK_CHECK 10; then
        timeout 20 wrk -t1 -c2 -d1s -H 'Connection: close' "https://127.0.0.1:$TLS_WRK_CHECK/" >"$WORK/tls/wrk-check-$v.txt" 2>&1
    fi
    touch "$done"
    wait "$server"
    local rc=$?
    forget "$server"
    echo "wrk	-	wrk -t1 -c2 -H 'Connection: close' against TLS up to $v	reused after the first per connection	$(tail -1 "$out")	$( ((rc == 0)) && echo ok || echo MISMATCH)" >>"$WORK/tls-checks.txt"
    ((rc == 0)) || failure "TLS check: wrk did not resume TLS $v sessions as the handshake rows assume: $(tail -c 300 "$out")"
}

restart_iperf_server() {
    kill "$IPERF_PID" 2>/dev/null
    wait "$IPERF_PID" 2>/dev/null
    forget "$IPERF_PID"
    start iperf3 "$WORK/iperf/server-$(date +%s%N).log" iperf3 -s -B 127.0.0.1 -p $B_IPERF
    IPERF_PID=$LAST_PID
    wait_listen $B_IPERF
}

# udp_listener_drops PORT: datagrams the kernel dropped at the UDP sockets bound to
# 127.0.0.1:PORT and not connected (the proxy's listening socket; iperf3's own sockets are
# connected), from /proc/net/udp's drops column (a full receive buffer).
udp_listener_drops() {
    local want
    want=$(printf '0100007F:%04X' "$1")
    awk -v want="$want" 'NR > 1 && $2 == want && $3 == "00000000:0000" { n += $NF } END { print n + 0 }' /proc/net/udp
}

# run_iperf round target streams: iperf3 through the proxy; checks received == sent.
run_iperf() { measure "$1" "$2" run_iperf_once "$@"; }
run_iperf_once() {
    local round=$1 target=$2 streams=$3 udp=${4:-}
    local prefix=bulk$streams args=(-c 127.0.0.1 -p "$(iperf_port "$target")" -t "$DUR" -P "$streams" -J)
    [[ -n $udp ]] && { prefix=udp; args+=(-u -b 1G -l 1400 ${UDP_WINDOW:+-w "$UDP_WINDOW"}); }
    local out="$WORK/iperf/r$round-$prefix-$target.json"
    local pid=${PID[$target]:-}
    local c0 c1 d0=0 d1=0
    [[ -n $udp ]] && d0=$(udp_listener_drops "$(iperf_port "$target")")
    c0=$(cpu_ticks "$pid")
    timeout $((DUR + 30)) iperf3 "${args[@]}" >"$out" 2>"$out.err"
    local rc=$?
    c1=$(cpu_ticks "$pid")
    [[ -n $udp ]] && d1=$(udp_listener_drops "$(iperf_port "$target")")
    local parsed
    if ! parsed=$(python3 "$TOOL" iperf "$out" "$streams" ${udp:+--udp} 2>>"$out.err"); then
        failure "round $round $prefix $target: iperf3 failed (exit $rc): $(head -c 300 "$out.err" 2>/dev/null) (see $out)"
        restart_iperf_server
        return 1
    fi
    local gbit sent received extra packets
    read -r gbit sent received extra packets <<<"$parsed"
    # iperf3 stops counting at the end of the test, so what is still in socket buffers then
    # is sent but not received (even with no proxy). Received may never exceed sent, and the
    # gap may not exceed what the buffers on the path can hold: per stream, two hops of
    # send buffer (wmem max 4 MiB) + receive buffer (rmem max 32 MiB) = 72 MiB.
    if [[ -z $udp ]]; then
        rec "$round" "${prefix}_tail_mib" "$target" "$(calc "($sent - $received) / 1048576")"
        if ((received > sent || sent - received > streams * (72 << 20))); then
            failure "round $round $prefix $target: iperf3 sent $sent bytes but the server received $received ($out)"
        fi
        if ((received == 0)); then
            failure "round $round $prefix $target: nothing arrived ($out)"
        fi
    fi
    rec "$round" "$prefix" "$target" "$gbit"
    if [[ -n $pid ]] && ((received > 0)); then
        rec "$round" "${prefix}_cpu" "$target" "$(calc "($c1 - $c0) / $CLK_TCK / ($received / 1e9)")"
    fi
    if [[ -n $udp ]]; then
        rec "$round" "${prefix}_loss" "$target" "$extra"
        ((packets > 0)) && rec "$round" "${prefix}_loss_listener" "$target" "$(calc "100 * ($d1 - $d0) / $packets")"
    fi
    local udp_note=""
    [[ -n $udp ]] && udp_note=" loss $extra% ($((d1 - d0)) of $packets datagrams dropped at the listening socket)"
    log "  r$round $prefix $target: $gbit Gbit/s, sent $sent received $received$udp_note cpu $(calc "($c1 - $c0) / $CLK_TCK")s"
}

# run_idle round target: keepalive alone, then with IDLE_N idle connections through the same
# proxy, plus the RSS difference. nginx: the worker's RSS (the master holds no connections).
run_idle() {
    local round=$1 target=$2
    # A fresh process: after a first 9,000 connections come and go, the allocator keeps the
    # memory, and the next 9,000 would cost "nothing". The paired keepalive run warms it up.
    restart_proxy "$target"
    local pid=${PID[$target]}
    run_wrk "$round" "$target" ka idle_base || return 1
    local base_rps=$W_RPS base_p99=$W_P99
    local ready="$WORK/idle/r$round-$target.ready" done="$WORK/idle/r$round-$target.done" out="$WORK/idle/r$round-$target.json"
    rm -f "$ready" "$done"
    sleep 0.5
    local rss0 rss1
    rss0=$(rss_kib "$pid")
    python3 "$TOOL" idle --proxy "$(idle_port "$target")" --backend $B_IDLE -n "$IDLE_N" \
        --ready "$ready" --done "$done" --max-hold $((DUR * (RETRIES + 1) * 2 + 120)) >"$out" 2>&1 &
    local holder=$!
    PIDS+=("$holder")
    local i
    for ((i = 0; i < 1200; i++)); do
        [[ -f $ready ]] && break
        kill -0 "$holder" 2>/dev/null || break
        sleep 0.05
    done
    if [[ ! -f $ready ]]; then
        touch "$done"
        wait "$holder"
        forget "$holder"
        failure "round $round idle $target: could not open $IDLE_N idle connections: $(tail -c 400 "$out")"
        return 1
    fi
    sleep 1
    rss1=$(rss_kib "$pid")
    rec "$round" idle_kib "$target" "$(calc "($rss1 - $rss0) / $IDLE_N")"
    rec "$round" idle_rss0 "$target" "$rss0"
    rec "$round" idle_rss1 "$target" "$rss1"
    if run_wrk "$round" "$target" ka idle; then
        rec "$round" idle_rps_ratio "$target" "$(calc "$W_RPS / $base_rps")"
        rec "$round" idle_p99_ratio "$target" "$(calc "$W_P99 / $base_p99")"
    fi
    touch "$done"
    wait "$holder"
    local hrc=$?
    forget "$holder"
    if ((hrc != 0)); then
        failure "round $round idle $target: idle connections were not all held: $(tail -c 400 "$out")"
    fi
    log "  r$round idle $target: RSS ${rss0} -> ${rss1} KiB with $IDLE_N idle ($(calc "($rss1 - $rss0) / $IDLE_N") KiB each); holder: $(tail -1 "$out")"
    # The proxy must close its side of every one of them (and before the next measurement).
    local left
    for ((i = 0; i < 200; i++)); do
        left=$(ss -Htn state established "( dport = :$B_IDLE or sport = :$B_IDLE or sport = :$(idle_port "$target") )" | wc -l)
        ((left == 0)) && break
        sleep 0.05
    done
    ((left == 0)) || failure "round $round idle $target: $left connections still established 10 s after the clients closed"
}

bytecheck() { # when target: 64 MiB echoed through the proxy, sha256-checked both ways
    local when=$1 target=$2 out mode
    local modes=(plain)
    [[ $target != nginx ]] && modes+=(half-close) # nginx: proxy_half_close is off by default
    for mode in "${modes[@]}"; do
        local flag=()
        [[ $mode == half-close ]] && flag=(--half-close)
        out=$(python3 "$TOOL" bytecheck --proxy "$(idle_port "$target")" --backend $B_IDLE --size $((64 << 20)) "${flag[@]}" 2>&1)
        echo "$when $target $out" >>"$WORK/bytecheck.txt"
        [[ $out == *'"ok": true'* ]] || failure "bytecheck ($when, $mode) through $target: $out"
    done
}

rotate() { # round: the targets in an order that moves by one each round
    local r=$1 i n=${#TARGETS[@]}
    for ((i = 0; i < n; i++)); do echo "${TARGETS[$(((i + r) % n))]}"; done
}

# ---------------------------------------------------------------- run
busy_pct() { # share of all CPUs busy over one second, in %
    local a b
    read -r -a a </proc/stat
    sleep 1
    read -r -a b </proc/stat
    local total=0 i
    for ((i = 1; i < ${#a[@]}; i++)); do total=$((total + b[i] - a[i])); done
    local idle=$((b[4] - a[4] + b[5] - a[5]))
    ((total > 0)) && echo $((100 * (total - idle) / total)) || echo 0
}
if ((WAIT_QUIET)); then
    log "waiting for the machine to be quiet (< 10% busy for 5 s)"
    quiet=0
    for ((i = 0; i < 900 && quiet < 5; i++)); do
        (($(busy_pct) < 10)) && quiet=$((quiet + 1)) || quiet=0
    done
    ((quiet >= 5)) || log "still busy after 15 minutes; starting anyway"
fi
BUSY_BEFORE=$(busy_pct)
if ((BUSY_BEFORE > 15)); then
    log "WARNING: the machine is ${BUSY_BEFORE}% busy before the benchmark starts; figures will be noisy"
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
BUSY0=$(busy_ticks)
times >"$WORK/times.txt"
OURS0=$(our_ticks "$WORK/times.txt")
log "byte-exact check through every proxy (64 MiB echoed, sha256 both ways)"
for t in "${TARGETS[@]}"; do bytecheck before "$t"; done

log "warm-up"
for t in "${TARGETS[@]}"; do
    timeout 10 wrk -t1 -c50 -d1s "http://127.0.0.1:$(http_port "$t")/" >/dev/null 2>&1
done

for ((r = 1; r <= ROUNDS; r++)); do
    mapfile -t order < <(rotate "$r")
    ((DIRECT)) && order=(direct "${order[@]}")
    log "round $r/$ROUNDS: order ${order[*]}"
    if [[ ,$ONLY, == *,ka,* ]]; then
        for t in "${order[@]}"; do run_wrk "$r" "$t" ka ka; done
        alive
    fi
    if [[ ,$ONLY, == *,cc,* ]]; then
        for t in "${order[@]}"; do [[ $t == direct ]] || run_wrk "$r" "$t" cc cc; done
        alive
    fi
    if [[ ,$ONLY, == *,bulk,* ]]; then
        for t in "${order[@]}"; do run_iperf "$r" "$t" 1; done
        alive
        for t in "${order[@]}"; do [[ $t == direct ]] || run_iperf "$r" "$t" 4; done
        alive
    fi
    if [[ ,$ONLY, == *,idle,* ]]; then
        for t in "${order[@]}"; do [[ $t == direct ]] || run_idle "$r" "$t"; done
        alive
    fi
done

if ((EXTRAS)) && [[ ,$ONLY, == *,tls,* || ,$ONLY, == *,udp,* ]]; then
    log "extras: TLS termination ($TLS_ROUNDS rounds) and UDP ($UDP_ROUNDS rounds, iperf3 -w ${UDP_WINDOW:-system})"
    if [[ ,$ONLY, == *,tls,* ]]; then
        TLS_ROWS=(tls13_ka tls13_hs tls13_full tls12_hs)
        if ((TLS_OK)); then
            # First check that each listener negotiates what its rows claim and resumes (or
            # not) as they claim, and that wrk offers its previous session when it reconnects.
            log "TLS checks: protocol and resumption per listener (openssl s_client), and wrk's resumption"
            declare -A TLS_SKIP # target:row -> why that row is not measured there
            for t in "${TARGETS[@]}"; do
                if ! tls_check "$t" "$(tls_port "$t")" "TLS 1.2+1.3, resumption on" "TLSv1.3 Reused"; then
                    failure "TLS check $t: $(tls_port "$t") should negotiate TLS 1.3 and resume it; got $TLS_GOT (see $WORK/tls/)"
                    TLS_SKIP[$t:tls13_ka]="not measured (TLS check failed)"
                    TLS_SKIP[$t:tls13_hs]="not measured (TLS check failed)"
                fi
                tls_check "$t" "$(tls_port "$t")" "TLS 1.2+1.3, resumption on" "TLSv1.2 Reused" -tls1_2 ||
                    failure "TLS check $t: $(tls_port "$t") should also take TLS 1.2 and resume it; got $TLS_GOT (see $WORK/tls/)"
                if ! tls_check "$t" "$(tls_full_port "$t")" "TLS 1.2+1.3, resumption off" "TLSv1.3 New"; then
                    if [[ $t == haproxy && $TLS_GOT == "1st New TLSv1.3 200, 2nd Reused TLSv1.3 200" ]]; then
                        TLS_SKIP[$t:tls13_full]="n/a (session cache is global)"
                        sed -i '$ s/\tMISMATCH$/\tn\/a (no-tls-tickets, but the global session cache still resumes)/' "$WORK/tls-checks.txt"
                        log "  HAProxy resumes on its no-tls-tickets bind (the session cache is global): no resumption-off figure for it"
                    else
                        failure "TLS check $t: $(tls_full_port "$t") should negotiate TLS 1.3 and not resume; got $TLS_GOT (see $WORK/tls/)"
                        TLS_SKIP[$t:tls13_full]="not measured (TLS check failed)"
                    fi
                fi
                if ! tls_check "$t" "$(tls12_port "$t")" "TLS 1.2 only, resumption on" "TLSv1.2 Reused"; then
                    failure "TLS check $t: $(tls12_port "$t") should negotiate TLS 1.2 and resume it; got $TLS_GOT (see $WORK/tls/)"
                    TLS_SKIP[$t:tls12_hs]="not measured (TLS check failed)"
                fi
                if ! tls_check "$t" "$(tls12_port "$t")" "TLS 1.2 only" refused -tls1_3; then
                    failure "TLS check $t: $(tls12_port "$t") should refuse a TLS 1.3-only client; got $TLS_GOT (see $WORK/tls/)"
                    TLS_SKIP[$t:tls12_hs]="not measured (TLS check failed)"
                fi
            done
            wrk_resumes 1.3
            wrk_resumes 1.2
            # One row at a time, through every proxy in turn; TLS_ROUNDS rounds with the order
            # rotating, like the main rounds (one run of a few seconds swung nginx's handshake
            # rate by 30% between two runs on this machine), reported as medians.
            for t in "${TARGETS[@]}"; do
                for row in "${TLS_ROWS[@]}"; do
                    if [[ -n ${TLS_SKIP[$t:$row]:-} ]]; then
                        why=${TLS_SKIP[$t:$row]}
                        rec 0 note "${row}_rps_$t" "$why"
                        for m in p99 cpu cpuutil; do rec 0 note "${row}_${m}_$t" "${why%% (*}"; done
                    fi
                done
            done
            for ((tr = 1; tr <= TLS_ROUNDS; tr++)); do
                mapfile -t tls_order < <(rotate "$tr")
                log "TLS round $tr/$TLS_ROUNDS: order ${tls_order[*]}"
                for row in "${TLS_ROWS[@]}"; do
                    for t in "${tls_order[@]}"; do
                        [[ $t == direct || -n ${TLS_SKIP[$t:$row]:-} ]] && continue
                        run_wrk "$tr" "$t" "$row" "$row"
                    done
                    alive
                done
            done
        else
            for row in "${TLS_ROWS[@]}"; do
                for m in rps p99 cpu cpuutil; do
                    for t in "${TARGETS[@]}"; do rec 0 note "${row}_${m}_$t" "not measured (no openssl)"; done
                done
            done
        fi
        alive
    fi
    if ((UDP_ON)); then
        # Interleaved like the TLS rows; HAProxy 2.6 has no UDP.
        for ((ur = 1; ur <= UDP_ROUNDS; ur++)); do
            mapfile -t udp_order < <(rotate "$ur")
            for t in "${udp_order[@]}"; do
                [[ $t == nginx || $t == portier1 || $t == portier2 ]] && run_iperf "$ur" "$t" 1 udp
            done
        done
        rec 0 note udp_window "${UDP_WINDOW:-system}"
        rec 0 note udp_haproxy "n/a (no UDP in HAProxy 2.6)"
        rec 0 note udp_loss_haproxy "n/a"
        rec 0 note udp_loss_listener_haproxy "n/a"
        alive
    fi
fi

log "byte-exact check again, after the load"
for t in "${TARGETS[@]}"; do bytecheck after "$t"; done
alive
for t in "${TARGETS[@]}"; do rec 0 rss_end_kib "$t" "$(rss_kib "${PID[$t]}")"; done
rec 0 rss_end_kib nginx_master "$(rss_kib "${MAIN[nginx]}")"

if ((PERF)) && command -v perf >/dev/null; then
    log "perf: portierd-1 under keepalive load (cpu-clock sampling, $DUR s)"
    perf record -F 1999 -g -o "$WORK/perf-portier1.data" -p "${PID[portier1]}" -- sleep "$DUR" >"$WORK/perf-record.log" 2>&1 &
    PERF_PID=$!
    sleep 0.3
    timeout $((DUR + 30)) wrk -t1 -c50 "-d${DUR}s" "http://127.0.0.1:$(http_port portier1)/" >"$WORK/wrk/perf-load.txt" 2>&1
    wait $PERF_PID
    perf report -i "$WORK/perf-portier1.data" --stdio --no-children --sort dso,sym --percent-limit 0.7 -g none \
        >"$WORK/perf-portier1-flat.txt" 2>/dev/null
    perf report -i "$WORK/perf-portier1.data" --stdio --no-children --sort dso --percent-limit 0.5 -g none \
        >"$WORK/perf-portier1-dso.txt" 2>/dev/null
    log "perf profile: $WORK/perf-portier1-flat.txt"
fi

ELAPSED=$(($(date +%s) - START))
# CPU the rest of the machine used meanwhile (builds, other jobs): the noise indicator.
times >"$WORK/times.txt"
FOREIGN=$(awk -v b=$(($(busy_ticks) - BUSY0)) -v o=$(($(our_ticks "$WORK/times.txt") - OURS0)) -v hz="$CLK_TCK" -v el="$ELAPSED" -v n="$(nproc)" \
    'BEGIN { f = (b - o) / hz; if (f < 0) f = 0; printf "%.0f CPU-s (%.0f%% of the machine over %ds)", f, 100 * f / (el * n), el }')

# ---------------------------------------------------------------- report
{
    echo "Portier side-by-side benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    head=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
    if [[ $(realpath "$PORTIERD") == "$ROOT"/* ]]; then
        dirty=$(git -C "$ROOT" status --porcelain -- src CMakeLists.txt 2>/dev/null | wc -l)
        tree="tree at $head$( ((dirty)) && echo " with $dirty uncommitted change(s) under src/")"
    else
        tree="built outside this tree; $ROOT is at $head"
    fi
    echo "machine: $(nproc) CPUs, kernel $(uname -r); $("$PORTIERD" --version 2>/dev/null | tail -1) ($PORTIERD, built $(date -r "$PORTIERD" '+%Y-%m-%d %H:%M'), $tree)"
    echo "$("$NGINX" -v 2>&1); $("$HAPROXY" -v | head -1 | cut -d' ' -f1-3); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(iperf3 -v | head -1 | cut -d' ' -f1-2)"
    echo "rounds $ROUNDS x ${DUR}s per measurement ($ONLY), $IDLE_N idle connections, wrk -t1 -c50; took ${ELAPSED}s"
    [[ -n $BUILD_NOTE ]] && echo "$BUILD_NOTE"
    [[ -n $PEER_BUFFERS ]] && echo "NOTE: nginx proxy_buffer_size and HAProxy tune.bufsize set to $PEER_BUFFERS (not their defaults)"
    echo "CPU busy before start: ${BUSY_BEFORE}% (load average then: $LOAD_BEFORE); other processes during the whole run: $FOREIGN; benchmark processes at nice $NICE"
    echo
    python3 "$TOOL" report "$RESULTS" --idle "$IDLE_N"
    echo
    retried=0
    [[ -f $WORK/retried.tsv ]] && retried=$(wc -l <"$WORK/retried.tsv")
    echo "measurements: $(grep -c $'\tforeign_pct\t' "$RESULTS"), measured again because of other load: $retried; other processes' share of the CPUs during the kept ones: $(awk -F'\t' '$2 == "foreign_pct" { print $4 }' "$RESULTS" | sort -g | awk '{ v[++n] = $1 } END { if (!n) { print "-"; exit } printf "median %.1f%%, max %.1f%%", (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2), v[n] }')"
    echo "memory: nginx = worker RSS only (master at the end: $(rss_kib "${MAIN[nginx]}") KiB, flat)."
    echo "byte-exact checks: $(grep -c '"ok": true' "$WORK/bytecheck.txt")/$(wc -l <"$WORK/bytecheck.txt") passed (64 MiB echoed, sha256 both ways, before and after the load; plus a half-close variant except nginx)"
    if [[ -s $WORK/tls-checks.txt ]]; then
        echo "TLS checks (openssl s_client on every TLS listener: protocol, New/Reused; wrk's own resumption): $(awk -F'\t' '$6 == "ok"' "$WORK/tls-checks.txt" | wc -l)/$(wc -l <"$WORK/tls-checks.txt") as expected$(awk -F'\t' '$6 ~ /^n\/a/ { printf "; %s %s: %s", $1, $2, $6 }' "$WORK/tls-checks.txt"); details in $WORK/tls-checks.txt"
        echo "wrk reconnecting with Connection: close resumed $(awk -F'\t' '$1 == "wrk" { split($3, w, " "); printf "%s%s: %s", (n++ ? ", " : ""), "TLS " w[length(w)], $5 }' "$WORK/tls-checks.txt")"
    fi
    if [[ -s $FAILURES ]]; then
        echo "CHECKS FAILED ($(wc -l <"$FAILURES")):"
        sed 's/^/  /' "$FAILURES"
    else
        echo "all checks passed: no wrk socket errors or non-2xx, wrk byte counts = responses x size, iperf3 received <= sent within the buffered tail, idle connections all held, byte-exact echoes$([[ -s $WORK/tls-checks.txt ]] && echo ", TLS protocols and resumption as the rows say")"
    fi
    echo "raw results: $RESULTS"
} | tee "$WORK/report.txt"

[[ -s $FAILURES ]] && exit 1
exit 0
