#!/bin/sh
# run_tests.sh - what `make -C reference-c test BUILD=<dir> [SRC=<dir>] [STEPS=<file>]` runs.
#
# 1. the stand-in tests (tests/test_stand_ins.c) and the step file reader's and
#    grow.h's (tests/test_reader.c), built with ASan+UBSan;
# 2. with SRC: the reference built FLAVOR=sanitize from SRC, the ABI tests
#    (tests/test_abi.c) against its objects, the replay's tests
#    (tests/test_replay.c: exit status and output of its ASan+UBSan binary on
#    step files written byte by byte), the seed replay of STEPS under ASan+UBSan
#    (exit status 0 and no sanitizer report), and `make lib` from a copy of
#    this folder under a path with spaces. Without SRC none of this is run,
#    which is said and counted as a failure.
#    STEPS is the step file of vectors/seed/smoke/*.csv, written by the harness (the
#    vector format's one reader; build.sh does this), from the repository root:
#      dotnet build/dotnet/bin/Conformance/Release/net10.0/conformance.dll \
#          steps --vectors 'vectors/seed/smoke/*.csv' --out FILE
#    Without STEPS the seed replay is not run, which is said and counted as a failure.
# Output is KTAP v1 (as kunit.py reads it): one test per part above, each test binary's own
# KTAP nested under it, diagnostics as "# " lines. The last line is the diagnostic
# "# C: N passed, N failed" (individual test cases).
# Every path is quoted: the clone, BUILD, SRC and STEPS may hold spaces. $CC and $SAN
# are left unquoted on purpose: they are command words and flags, not paths.
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-gcc}
MAKE=${MAKE:-make}
BUILD=${BUILD:-}
SRC=${SRC:-}
STEPS=${STEPS:-}
if [ -z "$BUILD" ]; then
    BUILD=$(mktemp -d "${TMPDIR:-/tmp}/reference-c-test.XXXXXX")
    echo "# BUILD not given: building in $BUILD"
fi
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
# make -C below changes directory: a relative SRC or STEPS is meant from here
if [ -n "$SRC" ] && [ -d "$SRC" ]; then
    SRC=$(cd "$SRC" && pwd)
fi
case "$STEPS" in
    ''|/*) ;;
    *) STEPS="$(pwd)/$STEPS" ;;
esac

passed=0
failed=0
number=0
# A top-level test's result line, counting nothing: "ok N NAME" or "not ok N NAME".
result() { number=$((number + 1)); echo "$1 $number $2"; }
pass() { passed=$((passed + 1)); result ok "$1"; }
fail() { failed=$((failed + 1)); result "not ok" "$1"; }
# A log's lines as KTAP diagnostics.
diag() { sed 's/^/# /'; }

echo "KTAP version 1"
if [ -z "$SRC" ]; then echo "1..3"; else echo "1..6"; fi

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
sanitizer_report() { grep -E 'runtime error|ERROR: (Address|Leak)Sanitizer|SUMMARY: (Address|Undefined|Leak)' "$1" >/dev/null; }

# Runs a test binary built from harness.h: its KTAP nested (indented four spaces) under one
# test of this run, and its cases added up.
run_cases() { # NAME BINARY
    "$2" >"$2.log" 2>&1
    rc=$?
    sed 's/^/    /' "$2.log"
    line=$(grep -E '^# C-TESTS: [0-9]+ passed, [0-9]+ failed$' "$2.log" | tail -n 1)
    if [ -z "$line" ]; then
        fail "$1: no count line (exit status $rc)"
        return
    fi
    p=$(echo "$line" | sed -E 's/^# C-TESTS: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
    passed=$((passed + p))
    failed=$((failed + f))
    if sanitizer_report "$2.log"; then
        fail "$1: sanitizer report"
        grep -E -A5 'runtime error|ERROR: ' "$2.log" | head -n 30 | diag
    elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        fail "$1: exit status $rc with no failed case"
    elif [ "$f" != 0 ]; then
        result "not ok" "$1"
    else
        result ok "$1"
    fi
}

# Builds a harness.h test binary with ASan+UBSan from the rest of the arguments and runs it.
test_binary() { # NAME BINARY SOURCES-OBJECTS-AND-FLAGS...
    name=$1
    binary=$2
    shift 2
    if $CC -std=gnu2x -Wall -Wextra -Werror -g -O1 $SAN "$@" -o "$binary" >"$binary.build.log" 2>&1; then
        run_cases "$name" "$binary"
    else
        fail "$name: build"
        head -n 30 "$binary.build.log" | diag
    fi
}

# make lib in a copy of this folder and of SRC under "$BUILD/space test/" (make splits
# names at spaces; the Makefile must never use a path from outside as one), OUT relative.
spaced_clone_build() {
    name="make lib from a clone path with spaces"
    spaced="$BUILD/space test"
    rm -rf "$spaced"
    mkdir -p "$spaced/reference-c" "$spaced/src"
    for f in Makefile rules.mk mpamref.map glue include kernel replay; do
        cp -R "$HERE/$f" "$spaced/reference-c/"
    done
    cp -R "$SRC/." "$spaced/src/"
    if ! "$MAKE" -s -C "$spaced/reference-c" lib SRC="$spaced/src" OUT="../out dir" \
            >"$BUILD/space-test.build.log" 2>&1; then
        fail "$name"
        head -n 30 "$BUILD/space-test.build.log" | diag
    elif [ ! -f "$spaced/out dir/libmpamref.so" ] || [ ! -x "$spaced/out dir/replay" ]; then
        fail "$name (no libmpamref.so and replay in \"$spaced/out dir\")"
    else
        pass "$name"
    fi
}

# --- 1. stand-in and step file reader tests ------------------------------------------
test_binary "stand-in tests" "$BUILD/test_stand_ins" \
    "$HERE/tests/test_stand_ins.c" "$HERE/kernel/stand_in_controlled.c"
# the reader counts reallocations (--wrap)
test_binary "step file reader tests" "$BUILD/test_reader" \
    "$HERE/tests/test_reader.c" "$HERE/replay/step_file.c" -Wl,--wrap=realloc

# --- 2. the seed replay under ASan+UBSan -----------------------------------------------
if [ -z "$SRC" ]; then
    echo "# seed replay NOT run: no SRC given (make -C reference-c test SRC=<extracted patch dir> BUILD=<dir>)"
    fail "seed replay of vectors/seed/smoke (not run: no SRC)"
elif ! "$MAKE" -s -C "$HERE" lib SRC="$SRC" OUT="$BUILD/sanitize" FLAVOR=sanitize >"$BUILD/sanitize.build.log" 2>&1; then
    head -n 30 "$BUILD/sanitize.build.log" | diag
    for part in "ABI tests" "replay tests" "seed replay" "make lib from a clone path with spaces"; do
        fail "$part (not run: building the reference from $SRC with FLAVOR=sanitize failed)"
    done
else
    # the ABI over the patch (same sanitized objects as the replay)
    test_binary "ABI tests" "$BUILD/test_abi" "$HERE/tests/test_abi.c" \
        "$BUILD/sanitize/stand_in_controlled.o" "$BUILD/sanitize/mpam_ref.o"
    # the replay binary: exit status and output
    export REPLAY="$BUILD/sanitize/replay"
    test_binary "replay tests" "$BUILD/test_replay" "$HERE/tests/test_replay.c"
    name="seed replay under ASan+UBSan of STEPS (vectors/seed/smoke/*.csv)"
    if [ -z "$STEPS" ]; then
        echo "# seed replay NOT run: no STEPS given (make -C reference-c test SRC=<dir> BUILD=<dir> STEPS=<step file of vectors/seed/smoke/*.csv>; see tests/run_tests.sh for the command that writes it)"
        fail "$name (not run: no STEPS)"
    elif [ ! -f "$STEPS" ]; then
        fail "$name (not run: STEPS=$STEPS is not a file)"
    else
        log="$BUILD/replay-steps"
        "$BUILD/sanitize/replay" "$STEPS" >"$log.out" 2>"$log.err"
        rc=$?
        if [ "$rc" != 0 ]; then
            fail "$name (exit status $rc)"
            tail -n 20 "$log.err" | diag
        elif sanitizer_report "$log.err" || sanitizer_report "$log.out"; then
            fail "$name (sanitizer report)"
            head -n 30 "$log.err" | diag
        elif ! grep -Eq '^replay: [1-9][0-9]* scenario\(s\), [0-9]+ step\(s\) run$' "$log.out"; then
            fail "$name (no closing line with at least one scenario)"
            tail -n 5 "$log.out" | diag
        else
            pass "$name: $(tail -n 1 "$log.out")"
        fi
    fi
    spaced_clone_build
fi

echo "# C: $passed passed, $failed failed"
if [ "${STRICT:-}" = 1 ] && [ "$failed" != 0 ]; then
    exit 1
fi
exit 0
