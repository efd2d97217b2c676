#!/usr/bin/env bash
# run-all.sh
#
# Builds and runs the whole test suite, as CI does: the release build with every test, the
# ASan+UBSan build with every test, the ThreadSanitizer build with the concurrency tests
# (reload storms, signals and plugin faults under load), and each libFuzzer target for a
# bounded time on a copy of its committed corpus. Installs what it needs first.
#
#   bash tests/run-all.sh                    # everything (about 20 minutes on 2 cores)
#   LABMOCK_SUITES="release asan" bash tests/run-all.sh
#   LABMOCK_FUZZ_SECONDS=300 bash tests/run-all.sh
#
# SPDX-License-Identifier: Apache-2.0
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

suites=${LABMOCK_SUITES:-release asan tsan fuzz}
fuzz_seconds=${LABMOCK_FUZZ_SECONDS:-60}
passed=0
failed=0
failures=()

bash .ci/install-deps || exit 1

# ctest_suite PRESET: configures, builds and tests one preset; adds up ctest's own counts.
ctest_suite() {
    local preset=$1 log
    log=$(mktemp)
    echo "=== $preset: configure and build"
    if ! { cmake --preset "$preset" >/dev/null && cmake --build --preset "$preset"; } >"$log" 2>&1; then
        tail -50 "$log"
        failures+=("$preset: build failed")
        failed=$((failed + 1))
        rm -f "$log"
        return
    fi
    echo "=== $preset: test"
    ctest --preset "$preset" 2>&1 | tee "$log" | grep -E "tests passed|\*\*\*|Failed|Timeout" || true
    local summary
    summary=$(grep -E "^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -1)
    if [ -z "$summary" ]; then
        tail -50 "$log"
        failures+=("$preset: ctest printed no summary")
        failed=$((failed + 1))
    else
        local bad total
        bad=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$summary")
        total=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$summary")
        passed=$((passed + total - bad))
        failed=$((failed + bad))
        [ "$bad" -eq 0 ] || failures+=("$preset: $bad of $total tests failed")
    fi
    rm -f "$log"
}

# fuzz_suite: builds every libFuzzer target with clang and fuzzes each for $fuzz_seconds.
fuzz_suite() {
    local log corpus fuzzer name runs
    log=$(mktemp)
    echo "=== fuzz: configure and build"
    if ! { cmake --preset fuzz >/dev/null && cmake --build --preset fuzz; } >"$log" 2>&1; then
        tail -50 "$log"
        failures+=("fuzz: build failed")
        failed=$((failed + 1))
        rm -f "$log"
        return
    fi
    for fuzzer in build-fuzz/tests/fuzz/*-fuzzer; do
        name=$(basename "$fuzzer" -fuzzer)
        corpus=$(mktemp -d)
        cp -r "tests/fuzz/corpus/$name/." "$corpus/"
        echo "=== fuzz: $name for ${fuzz_seconds} s"
        if "$fuzzer" "$corpus" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 >"$log" 2>&1; then
            runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log")
            echo "fuzz: $name: ${runs:-?} executions, no finding"
            passed=$((passed + 1))
        else
            tail -40 "$log"
            failures+=("fuzz: $name found a crash (see above)")
            failed=$((failed + 1))
        fi
        rm -rf "$corpus"
    done
    rm -f "$log"
}

for suite in $suites; do
    case "$suite" in
    release | asan | tsan) ctest_suite "$suite" ;;
    fuzz) fuzz_suite ;;
    *)
        echo "unknown suite: $suite (release, asan, tsan, fuzz)" >&2
        exit 64
        ;;
    esac
done

for failure in "${failures[@]}"; do
    echo "FAILED: $failure"
done
echo "all suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
