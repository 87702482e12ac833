#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang into build-fuzz/ (or
# $PORTIER_FUZZ_BUILD_DIR) and runs each for SECONDS (default 60) from its seed corpus.
# Fails on the first crash, sanitizer report, leak or hang; the input that did it is left
# in build-fuzz/artifacts/<target>/ (add it to tests/fuzz/corpus/<target>/ with the fix).
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || { echo "fuzz: SECONDS must be a positive whole number, not \"$seconds\"" >&2; exit 2; }
build=${PORTIER_FUZZ_BUILD_DIR:-$root/build-fuzz}

"$root/scripts/install-deps.sh" --fuzz
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER=clang++ -DPORTIER_BUILD_FUZZERS=ON >/dev/null
cmake --build "$build" --parallel "$(nproc 2>/dev/null || echo 2)"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
# Every target in tests/fuzz (fuzz_<name>.cpp), so a new one runs without editing a list.
shopt -s nullglob
sources=("$root"/tests/fuzz/fuzz_*.cpp)
[[ ${#sources[@]} -gt 0 ]] || { echo "fuzz: no fuzz_*.cpp in $root/tests/fuzz" >&2; exit 1; }
for source in "${sources[@]}"; do
    target=$(basename "$source" .cpp)
    name=${target#fuzz_}
    # New inputs go to a scratch copy: the seeds in the source tree stay as committed.
    corpus="$build/corpus/$name"
    artifacts="$build/artifacts/$name"
    seeds="$root/tests/fuzz/corpus/$name"
    mkdir -p "$corpus" "$artifacts"
    inputs=("$corpus")
    if [[ -d "$seeds" ]]; then inputs+=("$seeds"); else echo "fuzz: $target has no seed corpus ($seeds); it starts from nothing" >&2; fi
    dict=()
    [[ -f "$root/tests/fuzz/$name.dict" ]] && dict=(-dict="$root/tests/fuzz/$name.dict")
    echo "fuzz: $target for ${seconds}s" >&2
    # -timeout: an input taking longer than 10 s is a hang; -rss_limit_mb: a blow-up.
    if ! "$build/tests/fuzz/$target" "${inputs[@]}" \
            "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
            -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
            -artifact_prefix="$artifacts/" 2>"$build/$target.log"; then
        tail -n 60 "$build/$target.log" >&2
        echo "fuzz: $target FAILED; the input is in $artifacts/ (log: $build/$target.log)" >&2
        status=1
    else
        # The last coverage line (edges "cov", features "ft", corpus size) and the totals.
        grep -E '^#[0-9]+[[:space:]].*cov: ' "$build/$target.log" | tail -n 1 >&2 || true
        grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^Done ' "$build/$target.log" >&2 || true
    fi
done
exit $status
