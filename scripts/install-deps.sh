#!/usr/bin/env bash
# Installs what Portier needs on Debian/Ubuntu, and only what is missing (idempotent).
#   scripts/install-deps.sh           build + run dependencies
#   scripts/install-deps.sh --test    also what the test suite uses (nginx, openssl, lintian, ...)
#   scripts/install-deps.sh --windows the Windows cross-build and its Wine test run (MinGW-w64, Wine,
#                                     NSIS, Xvfb); the Qt/OpenSSL SDK is separate (scripts/build-win64-sdk.sh)
#   scripts/install-deps.sh --fuzz    also clang and its libFuzzer/sanitizer runtimes (scripts/fuzz.sh)
set -euo pipefail

# librsvg2-bin: rsvg-convert renders the icon's PNG sizes from resources/icons/portier.svg.
# qt6-l10n-tools: lupdate and lrelease (qt_add_translations; tst_translations runs lupdate).
# qt6-translations-l10n: Qt's own Chinese (qtbase_zh_CN.qm: standard buttons, file dialogs).
packages=(cmake ninja-build g++ qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
          libssl-dev libgl-dev netcat-openbsd librsvg2-bin)
for option in "$@"; do
    case "$option" in
    --test)
        # nginx -t and side-by-side runs; openssl s_client; procps for ps/pgrep.
        # prometheus-nginx-exporter and prometheus (promtool): real clients of the control API.
        # The .deb test (tests/package): dpkg-dev for cpack's dpkg-shlibdeps, lintian, appstreamcli,
        # desktop-file-validate, systemd-analyze, man.
        packages+=(nginx libnginx-mod-stream openssl procps xvfb xauth fonts-wqy-microhei prometheus-nginx-exporter prometheus
                   dpkg-dev lintian appstream desktop-file-utils systemd man-db) ;;
    --windows)
        # Debian's MinGW-w64 with posix threads (std::thread, the SDK's Qt), Wine to run the
        # .exe tests, NSIS for the installer, Xvfb for the GUI tests under Wine; zip/unzip and
        # python3 for the packages and their tests (objdump comes with MinGW's binutils).
        packages+=(g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 wine nsis xvfb xauth zip unzip python3) ;;
    --fuzz)
        # The distribution's default clang; libclang-rt-dev holds libFuzzer and the
        # sanitizer runtimes for that same version (Debian 12: 14, Ubuntu 24.04: 18).
        packages+=(clang libclang-rt-dev) ;;
    *)
        echo "install-deps: unknown option '$option' (use --test, --windows and/or --fuzz)" >&2
        exit 2 ;;
    esac
done

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Installing nginx must not start a system nginx on port 80: Portier's tests run their own.
policy_created=""
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    policy_created=1
fi
cleanup() { [[ -n "$policy_created" ]] && $sudo rm -f /usr/sbin/policy-rc.d; true; }
trap cleanup EXIT
$sudo apt-get update -qq
$sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
