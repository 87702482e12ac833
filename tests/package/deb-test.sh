#!/usr/bin/env bash
# The Debian package, end to end: builds it (cpack -G DEB) from BUILD_DIR, lints it (lintian:
# no error, no warning that installer/linux/lintian-overrides does not justify), validates its
# AppStream metadata, desktop entry and systemd unit, installs it on this machine (dpkg -i),
# runs the installed programs, then purges it and checks that no file of it is left.
#   tests/package/deb-test.sh BUILD_DIR [CPACK]
# Exit 77 (ctest: skipped) when it cannot run here: not root, no dpkg, or a portier package
# installed already (the test would replace it). Whatever happens, the machine is left as found.
set -euo pipefail

build=${1:?usage: deb-test.sh BUILD_DIR [CPACK]}
cpack=${2:-cpack}
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || skip "installing a .deb needs root (this runs as $(id -un))"
command -v dpkg >/dev/null && command -v dpkg-deb >/dev/null || skip "no dpkg: not a Debian system"
for tool in lintian appstreamcli desktop-file-validate systemd-analyze readelf flock; do
    command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/install-deps.sh --test"
done
[[ -f "$build/CPackConfig.cmake" ]] || fail "$build/CPackConfig.cmake not found: configure and build first"

# One package test on the machine at a time (other checkouts' suites may run beside this one).
exec 9>/run/lock/portier-deb-test.lock
flock --timeout 900 9 || fail "another package test held /run/lock/portier-deb-test.lock for 15 minutes"
# installed, unpacked, config-files, half-installed...: anything but not-installed is a package here.
package_state() { dpkg-query -W -f='${db:Status-Status}' portier 2>/dev/null || true; }
if [[ -n "$(package_state)" && "$(package_state)" != not-installed ]]; then
    skip "a portier package is installed already ($(dpkg-query -W -f='${Version}' portier)); the test would replace it"
fi

work=$(mktemp -d /tmp/portier-deb-test.XXXXXX)
installed=""
cleanup() {
    if [[ -n "$installed" && -n "$(package_state)" && "$(package_state)" != not-installed ]]; then
        echo "deb-test: purging the package left by a failed step" >&2
        dpkg -P portier >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== cpack -G DEB"
(cd "$build" && "$cpack" -G DEB -B "$work/out") >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
deb=$(ls "$work"/out/portier_*.deb)
ddeb=$(ls "$work"/out/portier-dbgsym_*.ddeb 2>/dev/null || true)
echo "built $(basename "$deb") ${ddeb:+and $(basename "$ddeb")}"
dpkg-deb -I "$deb"

echo "== lintian"
# --fail-on error,warning: an unjustified warning fails as an error does; info tags are shown.
lintian_status=0
lintian --display-info --fail-on error,warning "$deb" || lintian_status=$?
[[ $lintian_status -eq 0 ]] || fail "lintian found errors or warnings (exit $lintian_status)"

echo "== contents"
dpkg-deb -x "$deb" "$work/root"
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/portier/portier.json "$work/control/conffiles" || fail "/etc/portier/portier.json is not a conffile"
for file in usr/bin/portierd usr/bin/portier usr/share/man/man8/portierd.8.gz usr/share/man/man1/portier.1.gz \
            usr/share/doc/portier/copyright usr/share/doc/portier/changelog.Debian.gz \
            usr/lib/systemd/system/portierd.service usr/share/applications/portier.desktop \
            usr/share/icons/hicolor/scalable/apps/portier.svg; do
    [[ -f "$work/root/$file" ]] || fail "the package lacks /$file"
done
for size in 16 22 24 32 48 64 128 256 512; do
    png="$work/root/usr/share/icons/hicolor/${size}x${size}/apps/portier.png"
    [[ -f "$png" ]] || fail "the package lacks the ${size}x${size} icon"
done
# Stripped binaries whose debug info is in the .ddeb, found by build id.
[[ -n "$ddeb" ]] || fail "no -dbgsym .ddeb was built"
dpkg-deb -x "$ddeb" "$work/dbgsym"
for binary in portier portierd; do
    id=$(readelf -n "$work/root/usr/bin/$binary" | sed -n 's/.*Build ID: //p')
    [[ -n "$id" ]] || fail "/usr/bin/$binary has no build id"
    [[ -f "$work/dbgsym/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug" ]] || fail "the .ddeb lacks $binary's debug info ($id)"
    readelf -S "$work/root/usr/bin/$binary" | grep -q '\.debug_info' && fail "/usr/bin/$binary is not stripped"
done
# The service's sample listens on the loopback interface only.
if grep -o '"listen": *"[^"]*"' "$work/root/etc/portier/portier.json" | grep -v '"127\.0\.0\.1:\|"\[::1\]:'; then
    fail "/etc/portier/portier.json listens beyond the loopback interface"
fi

echo "== appstreamcli validate --no-net"
appstreamcli validate --no-net "$work"/root/usr/share/metainfo/*.metainfo.xml || fail "appstreamcli validate"
echo "== desktop-file-validate"
desktop-file-validate "$work/root/usr/share/applications/portier.desktop" || fail "desktop-file-validate"
echo "(no output)"

echo "== dpkg -i"
installed=1
dpkg -i "$deb" || fail "dpkg -i $(basename "$deb")"
dpkg-query -W -f='${Status}\n' portier | grep -q "install ok installed" || fail "dpkg -i left portier unconfigured"
dpkg -L portier | sort >"$work/files"

echo "== systemd-analyze verify"
# Offline: loads the unit as systemd would, checks its directives, commands and man page.
verify=$(systemd-analyze verify /usr/lib/systemd/system/portierd.service 2>&1) || fail "systemd-analyze verify: $verify"
[[ -z "$verify" ]] || fail "systemd-analyze verify warns: $verify"
echo "(no output)"

echo "== the installed programs"
version=$(QT_QPA_PLATFORM=offscreen /usr/bin/portier --version) || fail "portier --version failed"
echo "portier --version: $version"
[[ "$version" == *"$(dpkg-query -W -f='${Version}' portier | sed 's/-[^-]*$//')"* ]] || fail "portier --version printed '$version'"
/usr/bin/portierd --version || fail "portierd --version failed"
/usr/bin/portierd --check --config /etc/portier/portier.json || fail "portierd --check refused the packaged /etc/portier/portier.json"
man -w portierd >/dev/null && man -w portier >/dev/null || fail "man cannot find the installed pages"

echo "== dpkg -P"
dpkg -P portier || fail "dpkg -P portier"
installed=""
[[ -z "$(package_state)" || "$(package_state)" == not-installed ]] || fail "portier is $(package_state) after dpkg -P"
left=0
while IFS= read -r path; do
    [[ "$path" == "/." || -z "$path" ]] && continue
    if [[ -d "$path" && ! -L "$path" ]]; then
        # A directory may stay when another package owns it too (/usr/share/man, ...).
        if ! dpkg -S "$path" >/dev/null 2>&1; then
            echo "left behind: $path/" >&2
            left=$((left + 1))
        fi
    elif [[ -e "$path" || -L "$path" ]]; then
        echo "left behind: $path" >&2
        left=$((left + 1))
    fi
done <"$work/files"
[[ $left -eq 0 ]] || fail "$left path(s) of the package remain after dpkg -P"
echo "deb-test: passed ($(wc -l <"$work/files") paths installed and removed)"
