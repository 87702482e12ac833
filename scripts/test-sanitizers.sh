#!/usr/bin/env bash
# Builds Portier without the desktop program under gcc's AddressSanitizer and
# UndefinedBehaviorSanitizer into build-asan/ (or $PORTIER_ASAN_BUILD_DIR) and runs the
# engine, config and nginx tests there. The first report stops the test that made it
# (halt_on_error), and a failed test fails the script.
#   scripts/test-sanitizers.sh [extra ctest arguments]
# With PORTIER_SANITIZER=thread: ThreadSanitizer instead, into build-tsan/, engine tests only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${PORTIER_SANITIZER:-address}
# Reports go to files (one per process), not stderr: a test that runs portierd or nginx as a
# child reads the child's output itself, and a report there would otherwise go unseen.

# config: tst_config tst_duration tst_boundedinputs tst_preflight;
# nginx: tst_nginx* (tst_sidebyside runs a real nginx beside the engine);
# engine: the proxies, balancing, health, TLS, workers, Apply, limits, and portierd.
# (tst_api is left out: its test client is QNetworkAccessManager, whose own HTTPS thread
# sometimes leaves OpenSSL's per-thread state behind at exit, as ours did before
# OpenSsl::releaseStateWhenFinished; 1 run in 2 here, not ours to fix. tst_apiclients runs
# the API under ASan in portierd.)
# (tst_soak is left out: it measures resident size, which ASan's quarantine inflates, and
# LeakSanitizer checks the same thing here more strictly.)
config_tests='tst_config|tst_configsave|tst_statsjson|tst_duration|tst_boundedinputs|tst_preflight|tst_accessrules|tst_proxyprotocol|tst_proxyprotocolconfig|tst_limits|tst_streamvariables|tst_configbackup|tst_accesslog|tst_routing|tst_errorlogrotation'
nginx_tests='tst_nginxtokenizer|tst_nginximport|tst_nginxexport|tst_sidebyside|tst_sidebysideproxyprotocol|tst_sidebysidelimits|tst_sidebysideaccesslog|tst_sidebysiderouting|tst_nginxlisten|tst_nginxdropped|tst_listenrange'
engine_tests='tst_tcpproxy|tst_edgetriggered|tst_udpproxy|tst_access|tst_balancer|tst_health|tst_hostnames|tst_tls|tst_tlsconnection|tst_tlsupstream|tst_deadlineheap|tst_packedendpoint|tst_workerdispatcher|tst_applytransaction|tst_applyunderload|tst_resourcelimits|tst_portierd|tst_proxyprotocolaccept|tst_limitsengine|tst_connectioncap|tst_passphrase|tst_runtimesteering|tst_listensocket|tst_apiclients|tst_apisessions|tst_bindfailure|tst_udpbatch|tst_splicerelay|tst_sessionsockets|tst_listensocketbuffers'

case "$kind" in
    address)
        build=${PORTIER_ASAN_BUILD_DIR:-$root/build-asan}
        # No vptr check: the runtime asks pipe() whether a vtable is readable, so while the
        # process is out of descriptors (tst_resourcelimits does that on purpose) every new
        # check reports "invalid vptr" on a live object. ASan still catches a call through a
        # freed object.
        flags="-fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
        tests="$config_tests|$nginx_tests|$engine_tests"
        reports=$build/sanitizer-reports
        export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:log_path=$reports/asan}
        export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan}
        export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0} ;;
    thread)
        # die_after_fork=0: the tests start openssl, nginx and portierd through QProcess, which
        # forks a threaded process and execs at once; ThreadSanitizer would otherwise kill it.
        build=${PORTIER_TSAN_BUILD_DIR:-$root/build-tsan}
        flags="-fsanitize=thread -fno-omit-frame-pointer"
        tests="$engine_tests"
        reports=$build/sanitizer-reports
        export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:die_after_fork=0:suppressions=$root/tests/sanitizers/tsan.supp:log_path=$reports/tsan} ;;
    *)
        echo "test-sanitizers: PORTIER_SANITIZER is \"$kind\"; use address or thread" >&2
        exit 2 ;;
esac

"$root/scripts/install-deps.sh" --test
# -O1, as the sanitizers' own documentation advises: a quicker build than -O2 and exact stacks.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTIER_BUILD_GUI=OFF \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g -DNDEBUG" \
      -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
# Only what the chosen tests run: their executables and portierd (tst_portierd starts it).
cmake --build "$build" --parallel "$(nproc 2>/dev/null || echo 2)" --target portierd ${tests//|/ }

# A proxied connection takes two descriptors; the tests hold a few thousand.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
rm -rf "$reports"
mkdir -p "$reports"
cd "$build"
status=0
ctest --output-on-failure --timeout 1800 -R "^($tests)\$" "$@" || status=$?
shopt -s nullglob
found=("$reports"/*)
if [[ ${#found[@]} -gt 0 ]]; then
    for report in "${found[@]}"; do
        echo "test-sanitizers: report $report:" >&2
        cat "$report" >&2
    done
    echo "test-sanitizers: ${#found[@]} sanitizer report(s) above (kept in $reports)" >&2
    status=1
fi
exit $status
