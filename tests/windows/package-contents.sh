#!/usr/bin/env bash
# Checks that the portable ZIP carries every DLL its programs load. Two checks:
#  1. the files Portier needs by name (Qt's DLLs and plugins, OpenSSL, the MinGW runtime,
#     the portable marker, the sample);
#  2. every DLL that any .exe or .dll in the ZIP imports (read from the PE import tables
#     with objdump) is either in the ZIP or one of Windows' own.
# Usage: tests/windows/package-contents.sh PACKAGE.zip      Exit 0 when complete, 1 listing what is missing.
set -euo pipefail
zip=${1:?usage: package-contents.sh PACKAGE.zip}
objdump=${OBJDUMP:-x86_64-w64-mingw32-objdump}
[[ -f "$zip" ]] || { echo "package-contents: no such file: $zip" >&2; exit 1; }
command -v unzip >/dev/null || { echo "package-contents: needs unzip (apt-get install unzip)" >&2; exit 1; }
command -v "$objdump" >/dev/null || { echo "package-contents: needs $objdump (binutils-mingw-w64-x86-64)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unzip -q "$zip" -d "$work"
# One top folder (portier-VERSION-win64/) holds everything.
top=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
[[ -n "$top" ]] || { echo "package-contents: $zip has no top folder" >&2; exit 1; }
cd "$top"

required=(portier.exe portierd.exe
          Qt6Core.dll Qt6Gui.dll Qt6Widgets.dll Qt6Network.dll
          platforms/qwindows.dll styles/qwindowsvistastyle.dll imageformats/qico.dll
          libssl-3-x64.dll libcrypto-3-x64.dll
          libstdc++-6.dll libgcc_s_seh-1.dll libwinpthread-1.dll
          portable samples/portier-sample.json)
missing=()
for file in "${required[@]}"; do
    [[ -f "$file" ]] || missing+=("$file")
done
compgen -G "tls/*.dll" >/dev/null || missing+=("tls/ (a TLS backend plugin)")

# DLLs Windows itself provides (compared in lower case): the ones Qt, OpenSSL and the
# MinGW runtime import, plus the API sets.
system_dll() {
    case "$1" in
        api-ms-win-*|ext-ms-win-*) return 0 ;;
        kernel32.dll|user32.dll|gdi32.dll|advapi32.dll|shell32.dll|ole32.dll|oleaut32.dll|ws2_32.dll|msvcrt.dll|\
        comdlg32.dll|winmm.dll|imm32.dll|uxtheme.dll|dwmapi.dll|version.dll|netapi32.dll|userenv.dll|mpr.dll|\
        crypt32.dll|secur32.dll|bcrypt.dll|ncrypt.dll|iphlpapi.dll|dnsapi.dll|shlwapi.dll|setupapi.dll|cfgmgr32.dll|\
        d3d9.dll|d3d11.dll|d3d12.dll|dxgi.dll|dcomp.dll|dwrite.dll|d2d1.dll|opengl32.dll|wtsapi32.dll|shcore.dll|\
        authz.dll|mswsock.dll|comctl32.dll|ntdll.dll|rpcrt4.dll|winhttp.dll|wininet.dll|normaliz.dll|\
        ucrtbase.dll|vcruntime140.dll|vcruntime140_1.dll|msvcp140.dll|msvcp140_1.dll|msvcp140_2.dll) return 0 ;;
    esac
    return 1
}

declare -A present=()
while IFS= read -r -d '' file; do
    present["$(basename "$file" | tr '[:upper:]' '[:lower:]')"]=1
done < <(find . -iname '*.dll' -print0)

checked=0
while IFS= read -r -d '' binary; do
    checked=$((checked + 1))
    while read -r dll; do
        name=$(echo "$dll" | tr '[:upper:]' '[:lower:]')
        [[ -n "${present[$name]:-}" ]] && continue
        system_dll "$name" && continue
        missing+=("$dll (imported by ${binary#./})")
    done < <("$objdump" -p "$binary" | sed -n 's/^\s*DLL Name: //p')
done < <(find . \( -iname '*.exe' -o -iname '*.dll' \) -print0)

if [[ ${#missing[@]} -gt 0 ]]; then
    echo "package-contents: $zip lacks:" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
fi
echo "package-contents: $zip: all ${#required[@]} required files present; imports of $checked programs and DLLs all resolved"
