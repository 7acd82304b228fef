#!/bin/sh
# run_tests.sh - what `make -C reference-c test BUILD=<dir> [SRC=<dir>]` runs.
#
# 1. the stand-in tests (tests/test_stand_ins.c), built with ASan+UBSan;
# 2. with SRC: the reference built FLAVOR=sanitize from SRC, the ABI tests
#    (tests/test_abi.c) against its objects, and a replay of every
#    vectors/smoke/*.csv under ASan+UBSan: exit status 0 and no sanitizer report.
#    Without SRC that replay is not run, which is said and counted as a failure.
# The last line is "C: N passed, N failed" (individual test cases).
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd)
VECTORS="$HERE/../vectors/smoke"
CC=${CC:-gcc}
MAKE=${MAKE:-make}
BUILD=${BUILD:-}
SRC=${SRC:-}
if [ -z "$BUILD" ]; then
    BUILD=$(mktemp -d "${TMPDIR:-/tmp}/reference-c-test.XXXXXX")
    echo "BUILD not given: building in $BUILD"
fi
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
sanitizer_report() { grep -E 'runtime error|ERROR: (Address|Leak)Sanitizer|SUMMARY: (Address|Undefined|Leak)' "$1" >/dev/null; }

# Runs a test binary built from harness.h and adds up its cases.
run_cases() { # NAME BINARY
    "$2" >"$2.log" 2>&1
    rc=$?
    grep -E '^(ok|FAIL) - |^  ' "$2.log"
    line=$(grep -E '^C-TESTS: [0-9]+ passed, [0-9]+ failed$' "$2.log" | tail -n 1)
    if [ -z "$line" ]; then
        fail "$1: no count line (exit status $rc)"
        tail -n 20 "$2.log"
        return
    fi
    p=$(echo "$line" | sed -E 's/^C-TESTS: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    passed=$((passed + p))
    failed=$((failed + f))
    if sanitizer_report "$2.log"; then
        fail "$1: sanitizer report"
        grep -E -A5 'runtime error|ERROR: ' "$2.log" | head -n 30
    elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        fail "$1: exit status $rc with no failed case"
    fi
}

# --- 1. stand-in tests ----------------------------------------------------------
if $CC -std=gnu2x -Wall -Wextra -Werror -g -O1 $SAN \
        "$HERE/tests/test_stand_ins.c" "$HERE/kernel/stand_in_controlled.c" \
        -o "$BUILD/test_stand_ins" >"$BUILD/test_stand_ins.build.log" 2>&1; then
    run_cases "stand-in tests" "$BUILD/test_stand_ins"
else
    fail "stand-in tests: build"
    head -n 30 "$BUILD/test_stand_ins.build.log"
fi

# --- 2. the seed replay under ASan+UBSan -----------------------------------------------
if [ -z "$SRC" ]; then
    echo "seed replay NOT run: no SRC given (make -C reference-c test SRC=<extracted patch dir> BUILD=<dir>)"
    fail "seed replay of vectors/smoke (not run: no SRC)"
elif ! $MAKE -s -C "$HERE" lib SRC="$SRC" OUT="$BUILD/sanitize" FLAVOR=sanitize >"$BUILD/sanitize.build.log" 2>&1; then
    fail "seed replay: building the reference from $SRC with FLAVOR=sanitize"
    head -n 30 "$BUILD/sanitize.build.log"
else
    # the ABI over the patch (same sanitized objects as the replay)
    if $CC -std=gnu2x -Wall -Wextra -Werror -g -O1 $SAN "$HERE/tests/test_abi.c" \
            "$BUILD/sanitize/stand_in_controlled.o" "$BUILD/sanitize/mpam_ref.o" \
            -o "$BUILD/test_abi" >"$BUILD/test_abi.build.log" 2>&1; then
        run_cases "ABI tests" "$BUILD/test_abi"
    else
        fail "ABI tests: build"
        head -n 30 "$BUILD/test_abi.build.log"
    fi
    found=0
    for csv in "$VECTORS"/*.csv; do
        [ -e "$csv" ] || continue
        found=1
        name="seed replay under ASan+UBSan: vectors/smoke/$(basename "$csv")"
        log="$BUILD/replay-$(basename "$csv" .csv)"
        "$BUILD/sanitize/replay" "$csv" >"$log.out" 2>"$log.err"
        rc=$?
        if [ "$rc" != 0 ]; then
            fail "$name (exit status $rc)"
            tail -n 20 "$log.err"
        elif sanitizer_report "$log.err" || sanitizer_report "$log.out"; then
            fail "$name (sanitizer report)"
            head -n 30 "$log.err"
        elif ! grep -q '^replay: 0 expectation(s) failed$' "$log.out"; then
            fail "$name (no closing line)"
        else
            pass "$name"
        fi
    done
    [ "$found" = 1 ] || fail "seed replay: no vectors/smoke/*.csv"
fi

echo "C: $passed passed, $failed failed"
if [ "${STRICT:-}" = 1 ] && [ "$failed" != 0 ]; then
    exit 1
fi
exit 0
