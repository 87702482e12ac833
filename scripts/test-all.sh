#!/usr/bin/env bash
# Every test: the Linux suite (scripts/test.sh), the engine, config and nginx tests under
# AddressSanitizer + UndefinedBehaviorSanitizer, a bounded fuzzing run, then, when the Windows
# SDK is there (PORTIER_WIN64_SDK, or ../shared/win64-sdk beside the checkout), the Windows
# build, its test suite under Wine and the installer test. All must pass.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS

sdk=${PORTIER_WIN64_SDK:-}
if [[ -z "$sdk" && -d "$root/../shared/win64-sdk" ]]; then
    sdk=$root/../shared/win64-sdk
fi

# A run from a clean clone writes about 17 GB: build/ 8.5, build-asan/ 5.5, build-win/ 2.1 (only
# with the SDK) and build-fuzz/ 0.2 (RelWithDebInfo; every test links the engine with its debug
# information). A full disk used to stop the run half-way with only "No space left on device"
# from the linker; say so before spending any time, counting what the trees already hold.
if [[ -z "${PORTIER_SKIP_DISK_CHECK:-}" ]]; then
    trees=("${PORTIER_BUILD_DIR:-$root/build}:8900" "${PORTIER_ASAN_BUILD_DIR:-$root/build-asan}:5800"
           "${PORTIER_FUZZ_BUILD_DIR:-$root/build-fuzz}:300")
    if [[ -n "$sdk" && -f "$sdk/mingw-w64-x86_64.cmake" ]]; then
        trees+=("${PORTIER_WIN_BUILD_DIR:-$root/build-win}:2300")
    fi
    # Summed per file system: trees on one disk share its free space.
    declare -A need_on=() free_on=() where=()
    for tree in "${trees[@]}"; do
        dir=${tree%:*} need_mb=${tree##*:}
        held_kb=0
        if [[ -d "$dir" ]]; then
            held_kb=$(du -sk "$dir" 2>/dev/null | cut -f1 || true)
        fi
        probe=$dir
        while [[ ! -d "$probe" ]]; do probe=$(dirname "$probe"); done
        device=$(stat -c %d "$probe")
        free_kb=$(df -Pk "$probe" | awk 'NR == 2 { print $4 }')
        free_on[$device]=$(( ${free_kb:-0} / 1024 ))
        more=$(( need_mb - ${held_kb:-0} / 1024 ))
        (( more > 0 )) || more=0
        need_on[$device]=$(( ${need_on[$device]:-0} + more ))
        where[$device]="${where[$device]:+${where[$device]}, }$dir"
    done
    short=0
    for device in "${!need_on[@]}"; do
        if (( need_on[$device] > free_on[$device] )); then
            echo "test-all: the build trees need about ${need_on[$device]} MB more disk (${where[$device]}); ${free_on[$device]} MB are free there." >&2
            short=1
        fi
    done
    if (( short )); then
        echo "test-all: free some space (old clones and build trees) and run again, or set PORTIER_SKIP_DISK_CHECK=1 to try anyway." >&2
        exit 1
    fi
fi

bash scripts/test.sh
echo "test-all: Linux suite passed in $((SECONDS - started)) s"

# The engine, config and nginx tests again, built with ASan+UBSan (build-asan/): a memory
# error, undefined behaviour or leak fails them.
sanitizers=$SECONDS
echo "test-all: AddressSanitizer + UndefinedBehaviorSanitizer build and the engine, config and nginx tests (scripts/test-sanitizers.sh)"
bash scripts/test-sanitizers.sh
echo "test-all: sanitizer tests passed in $((SECONDS - sanitizers)) s"

# A bounded libFuzzer run of every target in tests/fuzz (ASan+UBSan).
fuzz=$SECONDS
echo "test-all: every libFuzzer target in tests/fuzz for ${PORTIER_FUZZ_SECONDS:-60} s each (scripts/fuzz.sh)"
bash scripts/fuzz.sh "${PORTIER_FUZZ_SECONDS:-60}"
echo "test-all: fuzzers ran clean in $((SECONDS - fuzz)) s"

if [[ -z "$sdk" || ! -f "$sdk/mingw-w64-x86_64.cmake" ]]; then
    echo "test-all: no Windows SDK (PORTIER_WIN64_SDK); the Windows build and Wine suite were not run"
    echo "test-all: whole run $((SECONDS - started)) s"
    exit 0
fi
windows=$SECONDS
echo "test-all: Windows cross-build, Wine suite and installer test with the SDK in $sdk (scripts/test-windows.sh)"
echo "test-all: what does not pass under Wine yet is listed in tests/windows/wine-known-failures.txt and printed as NOT RUN"
PORTIER_WIN64_SDK="$sdk" bash scripts/test-windows.sh
echo "test-all: Windows suite under Wine and installer test passed in $((SECONDS - windows)) s; whole run $((SECONDS - started)) s"
