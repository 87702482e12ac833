#!/usr/bin/env bash
# The test suite as Windows programs: installs what is missing, cross-builds (build-windows.sh),
# then runs CTest in build-win/ (or $PORTIER_WIN_BUILD_DIR) under Wine. Each test runs through
# build-win/tests/winetest.sh (its own WINEPREFIX, WINEDEBUG=-all, the SDK's and MinGW's DLLs on
# WINEPATH, QT_PLUGIN_PATH, Qt Test's output shown). The whole run sits on one Xvfb display, so
# the GUI tests use Qt's default windows platform (offscreen spins under this Wine).
# Extra arguments go to ctest (e.g. -R tst_tcpproxy).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PORTIER_WIN_BUILD_DIR:-$root/build-win}
# The Linux side of the tests: openssl req/s_client/s_server are Linux programs found on PATH
# only for Linux callers; the Windows tests use the SDK's openssl.exe through WINEPATH.
"$root/scripts/install-deps.sh" --windows --test
PORTIER_WIN_BUILD_DIR="$build" "$root/scripts/build-windows.sh"

export WINEPREFIX=${WINEPREFIX:-$build/wineprefix}
export WINEDEBUG=-all
if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
    echo "test-windows: creating the Wine prefix $WINEPREFIX (once; a minute or two)" >&2
    wineboot -i >/dev/null 2>&1 || true
    wineserver -w
fi
# Wine's desktop process must start on the Xvfb display below, not on an earlier one.
wineserver -k 2>/dev/null || true
# A proxied connection takes two sockets; the tests hold a few thousand (Wine maps each to a
# Linux descriptor).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# Said up front, because CTest shows a passing test's output only on failure.
known="$root/tests/windows/wine-known-failures.txt"
if [[ -f "$known" && $# -eq 0 ]] && grep -q '^tst_' "$known"; then
    echo "test-windows: $(grep -c '^tst_' "$known") tests or functions are left out under Wine (tests/windows/wine-known-failures.txt):"
    grep '^tst_' "$known" | sed 's/^\([^ ]*\) /  NOT RUN under Wine: \1: /'
fi
cd "$build"
status=0
# One wineserver for the whole run, kept between tests (-p), with Wine's desktop and service
# processes started here, on the display, outside any test: see winetest.sh's keep_wineserver.
export PORTIER_WINESERVER_PERSISTENT=1
xvfb-run -a -s "-screen 0 1280x1024x24" bash -c '
    wineserver -p && wine cmd /c exit </dev/null >/dev/null 2>&1
    exec ctest --output-on-failure --timeout 900 "$@"' ctest-under-wine "$@" || status=$?
wineserver -k 2>/dev/null || true
[[ $status -eq 0 ]] || exit $status
# What a Windows user runs: the installer built by package-windows.sh, installed silently, its
# portierd.exe serving the article's round robin, then uninstalled (only on a whole run).
if [[ $# -eq 0 ]]; then
    echo "test-windows: installer test (tests/windows/installer-test.sh)"
    "$root/tests/windows/installer-test.sh" "$build"
fi
