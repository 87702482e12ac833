#!/usr/bin/env bash
# The Windows installer, end to end under Wine: a silent install (/S), the installed
# portierd.exe serving the article's round robin (tests/data/article-roundrobin.json: the
# first connection reaches the backend on 7773, the second the one on 7774, from Linux
# clients), a graceful stop on Ctrl+C, then a silent uninstall that removes it all.
#   tests/windows/installer-test.sh BUILD_DIR      (after scripts/package-windows.sh BUILD_DIR)
# Uses WINEPREFIX when set (else BUILD_DIR/wineprefix); every wait is bounded.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: installer-test.sh BUILD_DIR}" && pwd)
installer=$(ls "$build"/portier-*-win64.exe 2>/dev/null | head -n 1)
[[ -n "$installer" ]] || { echo "installer-test: no portier-*-win64.exe in $build; run scripts/package-windows.sh $build" >&2; exit 1; }
export WINEPREFIX=${WINEPREFIX:-$build/wineprefix} WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
config="$root/tests/data/article-roundrobin.json"
target='C:\PortierInstallTest'
drive_c="$WINEPREFIX/drive_c"
installed="$drive_c/PortierInstallTest"
listen_port=30003

say() { echo "installer-test: $*"; }
fail() { echo "installer-test: FAIL: $*" >&2; exit 1; }

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# Waits up to $1 seconds for the command that follows to succeed.
wait_for() {
    local seconds=$1; shift
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        (( SECONDS < deadline )) || return 1
        sleep 0.2
    done
}
port_open() { python3 -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1', $1)))" 2>/dev/null; }

for port in 7773 7774 $listen_port; do
    ! port_open "$port" || fail "127.0.0.1:$port is already in use; stop what listens there (portier --demo?)"
done
[[ -d "$WINEPREFIX" ]] || { say "creating the Wine prefix $WINEPREFIX (a minute or more)"; wineboot -i >/dev/null 2>&1; }
# What an earlier, interrupted run left: its files and its registration (which the
# installer would otherwise try to uninstall first).
remove_earlier() {
    [[ -f "$installed/Uninstall.exe" ]] && timeout 120 wine "$installed/Uninstall.exe" /S "_?=$target" >/dev/null 2>&1 || true
    timeout 60 wine reg delete 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\Portier' /f >/dev/null 2>&1 || true
    rm -rf "$installed"
}
remove_earlier

say "installing $(basename "$installer") silently into $target"
timeout 300 wine "$installer" /S "/D=$target" || fail "the installer exited with $?"
for file in portier.exe portierd.exe Uninstall.exe Qt6Core.dll platforms/qwindows.dll libssl-3-x64.dll samples/portier-sample.json; do
    [[ -f "$installed/$file" ]] || fail "$target\\$file is missing after the install"
done
[[ ! -e "$installed/portable" ]] || fail "the installer must not carry the portable marker"
menu=$(find "$drive_c" -path '*Start Menu/Programs/Portier/Portier.lnk' 2>/dev/null | head -n 1)
[[ -n "$menu" ]] || fail "no Start menu entry Portier\\Portier.lnk"
[[ -f "$(dirname "$menu")/Uninstall.lnk" ]] || fail "no Start menu entry Portier\\Uninstall.lnk"
say "installed: $(find "$installed" -type f | wc -l) files, Start menu entries in ${menu#$drive_c/}"

# The two backends of the article: each greets with its name, for 120 s at most.
for port in 7773 7774; do
    timeout 120 python3 - "$port" <<'PY' &
import socket, sys
port = int(sys.argv[1])
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(16)
while True:
    client, _ = server.accept()
    client.sendall(b"backend %d\n" % port)
    client.close()
PY
    pids+=($!)
done
wait_for 20 port_open 7773 && wait_for 20 port_open 7774 || fail "the test backends did not start"

log="$build/installer-test-portierd.log"
rm -f "$log" # before the background start: its redirection may come after the first wait
wine "$installed/portierd.exe" --config "$(winepath -w "$config")" >"$log" 2>&1 &
portierd=$!
pids+=($portierd)
# Wait for the log line, not a probe connection: a probe would take the round robin's first turn.
wait_for 90 grep -qs "listening on 127.0.0.1:$listen_port" "$log" || { cat "$log" >&2; fail "portierd.exe did not listen on $listen_port within 90 s"; }

answers=()
for round in 1 2; do
    answers+=("$(python3 -c "
import socket
s = socket.create_connection(('127.0.0.1', $listen_port), timeout=10)
print(s.makefile().readline().strip())")")
done
say "through the installed portierd.exe: first '${answers[0]}', second '${answers[1]}'"
[[ "${answers[0]}" == "backend 7773" && "${answers[1]}" == "backend 7774" ]] \
    || { cat "$log" >&2; fail "expected 'backend 7773' then 'backend 7774'"; }

# Ctrl+C: Wine turns SIGINT into a console Ctrl+C event; portierd must stop, not die.
kill -INT "$portierd"
wait_for 30 bash -c "! kill -0 $portierd 2>/dev/null" || fail "portierd.exe did not stop within 30 s of Ctrl+C"
grep -qs "Ctrl+C received, exiting" "$log" || { cat "$log" >&2; fail "portierd.exe did not log a graceful Ctrl+C stop"; }
say "Ctrl+C stopped portierd.exe gracefully: $(grep -c . "$log") log lines, the last: $(tail -n 1 "$log")"

say "uninstalling silently"
timeout 120 wine "$installed/Uninstall.exe" /S || fail "the uninstaller exited with $?"
# The uninstaller runs from a copy in the temporary folder and returns at once.
wait_for 120 bash -c "[[ ! -e '$installed' ]]" || fail "$target is still there: $(find "$installed" | head)"
wait_for 60 bash -c "[[ ! -e '$(dirname "$menu")' ]]" || fail "the Start menu folder is still there"
say "PASS: installed, served the round robin (7773 then 7774), stopped on Ctrl+C, uninstalled"
