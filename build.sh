#!/usr/bin/env bash
# The single entry point of the harness.
#
#   ./build.sh               restore, regenerate the bindings, build the solution and the C
#                            tools; skipped when no input changed since the last build
#   ./build.sh --help        this, and the harness's verbs and options (builds nothing)
#   ./build.sh test          everything above, then every test (C and C#); the last
#                            line is "N passed, N failed"
#   ./build.sh run [ARGS]    conformance run ARGS
#   ./build.sh VERB [ARGS]   conformance VERB ARGS (extract, review, coverage, ...)
#   ./build.sh bench         the speed benchmarks
#   ./build.sh fuzz TARGET [SECONDS]
#                            afl-fuzz (Debian's afl++) through SharpFuzz on one reader of
#                            outside text (patch, fix, vectors) for SECONDS (default 60);
#                            exit 1 when it found an input that crashes the reader
#   ./build.sh soak [STEPS]  one scenario of STEPS (default 10,000,000) steps at 64 CPUs through
#                            `run`: peak memory of the run and its workers, and the five reports
#
# The default patch is $MPAM_PATCH, else ../shared/seeds/000_dc5dbb2b9c46e6a8.txt
# when that file exists.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
BUILD="$ROOT/build"
CONFIG=Release
# The verbs run a ReadyToRun copy of the harness (built beside the solution's, which the tests
# use): a run's parent and every worker it starts begin from compiled code instead of JIT-compiling
# all of it (the suite's run 0.77 -> 0.56 s, mutate 20-21 -> 16-18 s).
CLI_DIR="$BUILD/cli"
CONFORMANCE_DLL="$CLI_DIR/conformance.dll"
GENERATOR_DLL="$BUILD/dotnet/bin/BindingGenerator/$CONFIG/net10.0/linux-x64/binding-generator.dll"

if [ -z "${MPAM_PATCH:-}" ] && [ -f "$ROOT/../shared/seeds/000_dc5dbb2b9c46e6a8.txt" ]; then
    MPAM_PATCH="$ROOT/../shared/seeds/000_dc5dbb2b9c46e6a8.txt"
fi
export MPAM_PATCH="${MPAM_PATCH:-}"

log() { printf '[build.sh] %s\n' "$*" >&2; }

# Debian packages the build needs, plus what the tests or a verb name; installed only when missing.
ensure_packages() {
    local missing=("$@")
    command -v gcc >/dev/null || missing+=(gcc)
    command -v make >/dev/null || missing+=(make)
    command -v bwrap >/dev/null || missing+=(bubblewrap)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        if [ "$(id -u)" = 0 ]; then
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
        else
            log "not root: install these yourself (sudo apt-get install ${missing[*]}), then run this again"; exit 1
        fi
    fi
}

# What the tests need besides the build: gcov, a browser for report.html, the sanitizer runtimes.
ensure_test_packages() {
    local missing=()
    command -v gcov >/dev/null || missing+=(gcc)
    command -v chromium >/dev/null || missing+=(chromium)
    [ -e /usr/lib/x86_64-linux-gnu/libasan.so.8 ] || missing+=(libasan8)
    [ -e /usr/lib/x86_64-linux-gnu/libubsan.so.1 ] || missing+=(libubsan1)
    [ -e /usr/lib/x86_64-linux-gnu/liburcu-memb.so ] || missing+=(liburcu-dev)
    ensure_packages "${missing[@]}"
}

conformance() { dotnet "$CONFORMANCE_DLL" "$@"; }

# interop/Generated is checked in; regenerate it from mpam_ref.h and, in CI,
# fail when what is checked in differs from what the generator now writes.
generate_bindings() {
    dotnet build interop/BindingGenerator/BindingGenerator.csproj -c "$CONFIG" -nologo -v quiet -clp:ErrorsOnly >&2
    dotnet "$GENERATOR_DLL" --header reference-c/include/mpam_ref.h --out interop/Generated >&2
    if [ "${CI:-}" = true ] && ! git diff --quiet -- interop/Generated; then
        log "interop/Generated differs from what the generator writes from mpam_ref.h:"
        git --no-pager diff --stat -- interop/Generated >&2
        exit 1
    fi
}

# A content stamp of everything the build reads (sources, projects, package pins, the C side):
# when it is the last successful build's, nothing is rebuilt, so a warm verb costs what the
# harness costs. A content check, not timestamps: a checkout or an edit undone is seen as it is.
STAMP="$BUILD/.inputs.sha256"
inputs_stamp() {
    find harness interop reference-c Directory.Build.props Directory.Packages.props Conformance.sln .config \
        \( -name bin -o -name obj \) -prune -o -type f -print 2>/dev/null \
        | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1
}

# The build's own assemblies as the last successful build left them (name, size, time written):
# a hand-run `dotnet build` since, of an edit later undone, leaves inputs that match the stamp
# over assemblies built from something else, and the tests would run those.
outputs_stamp() {
    find "$BUILD/dotnet/bin" "$CLI_DIR" -type f \( -iname 'conformance*.dll' -o -name 'Interop.Tests.dll' -o -name 'binding-generator.dll' \) \
        -printf '%p %s %T@\n' 2>/dev/null | LC_ALL=C sort | sha256sum | cut -d' ' -f1
}

build_all() {
    ensure_packages
    if [ -f "$CONFORMANCE_DLL" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(inputs_stamp) $(outputs_stamp)" ]; then
        return
    fi
    rm -f "$STAMP"
    generate_bindings
    dotnet build Conformance.sln -c "$CONFIG" -nologo -v quiet -clp:ErrorsOnly >&2
    # Framework-dependent, for this machine's architecture; the SDK picks the crossgen2 and runtime
    # packs of its own runtime's version.
    dotnet publish harness/Conformance/Conformance.csproj -c "$CONFIG" -r linux-x64 --self-contained false \
        -p:PublishReadyToRun=true -o "$CLI_DIR" -nologo -v quiet -clp:ErrorsOnly >&2
    make -s -C reference-c tools >&2
    mkdir -p "$BUILD"
    echo "$(inputs_stamp) $(outputs_stamp)" > "$STAMP"
}

usage() {
    sed -n '2,/^set -euo/p' "$ROOT/build.sh" | sed -e '$d' -e 's/^# \{0,1\}//'
    if [ -f "$CONFORMANCE_DLL" ]; then
        echo "The harness's own verbs and options (conformance --help):"
        conformance --help
    else
        echo "(the harness is not built yet: ./build.sh builds it; then ./build.sh --help lists its verbs)"
    fi
}

# The tests' own default patch: extracted for the C tests, built for the interop call-through
# test. Only `test` needs it: a verb builds what its own arguments name, nothing else.
build_default_patch() {
    if [ -n "$MPAM_PATCH" ]; then
        # The extracted source feeds the C tests; the built library, the interop call-through test.
        rm -rf "$BUILD/src/default"
        conformance extract --patch "$MPAM_PATCH" --out "$BUILD/src/default" >&2
        MPAM_REF_LIB=$(conformance build-reference --patch "$MPAM_PATCH" | tail -n 1)
        export MPAM_REF_LIB
    else
        log "no default patch: set MPAM_PATCH=FILE (a review mail, mbox or diff) to build the reference"
    fi
}

# The tests hold the harness to the real patch, fixes and revisions in ../shared: without
# them most tests could only fail, so the run stops before it starts and says what is missing.
require_shared() {
    local shared="$ROOT/../shared" missing=()
    for f in seeds/000_dc5dbb2b9c46e6a8.txt fixes/early-alloc-capable-check.diff fixes/iserr-after-alloc.diff \
             revisions/mainline-fb481ec0/drivers/resctrl/mpam_resctrl.c revisions/caches-cdp-01a0021f/drivers/resctrl/mpam_resctrl.c; do
        [ -f "$shared/$f" ] || missing+=("../shared/$f")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "the tests need the project's shared inputs beside the clone, and these are missing:"
        printf '  %s\n' "${missing[@]}" >&2
        log "put the shared/ folder (the seed patch, the fixes, the revisions) at $(cd "$ROOT/.." && pwd)/shared and run ./build.sh test again"
        echo "0 passed, 1 failed"
        exit 1
    fi
}

# Runs every test suite and prints one closing line, "N passed, N failed".
run_tests() {
    local results="$BUILD/test-results" passed=0 failed=0 rc=0
    rm -rf "$results"; mkdir -p "$results"

    # C tests: KTAP v1, whose last line is the diagnostic "# C: N passed, N failed". The seed replay takes
    # vectors/seed/smoke as a step file the harness read (the format has one reader).
    rm -rf "$BUILD/steps"; mkdir -p "$BUILD/steps"
    conformance steps --vectors 'vectors/seed/smoke/*.csv' --out "$BUILD/steps/smoke.steps" >&2 || rc=1
    make -s -C reference-c test BUILD="$BUILD/reference-c" SRC="$BUILD/src/default" STEPS="$BUILD/steps/smoke.steps" 2>&1 | tee "$results/c-tests.log" || rc=1
    local cline
    cline=$(grep -E '^# C: [0-9]+ passed, [0-9]+ failed$' "$results/c-tests.log" | tail -n 1 || true)
    if [ -z "$cline" ]; then
        log "the C tests printed no closing count"; failed=$((failed + 1))
    else
        passed=$((passed + $(echo "$cline" | sed -E 's/^# C: ([0-9]+) passed.*/\1/')))
        failed=$((failed + $(echo "$cline" | sed -E 's/.* ([0-9]+) failed$/\1/')))
    fi

    # C# tests: one TRX file per test project.
    dotnet test Conformance.sln -c "$CONFIG" --no-build -nologo \
        --logger "trx" --results-directory "$results" -- NUnit.ConsoleOut=0 || rc=1
    local trx found=0
    for trx in "$results"/*.trx; do
        [ -e "$trx" ] || continue
        found=1
        local counters
        counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
        passed=$((passed + $(echo "$counters" | sed -E 's/.* passed="([0-9]+)".*/\1/')))
        failed=$((failed + $(echo "$counters" | sed -E 's/.* failed="([0-9]+)".*/\1/')))
    done
    [ "$found" = 1 ] || { log "dotnet test wrote no results"; failed=$((failed + 1)); }

    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ] && [ "$rc" = 0 ]
}

# A long scenario in bounded memory: 64 CPUs, two L3 components, then online and offline of
# every CPU until STEPS steps. Prints the peak resident size of the run (workers included).
soak() {
    local steps="${1:-10000000}" dir
    [ -x /usr/bin/time ] || ensure_packages time
    dir=$(mktemp -d "${TMPDIR:-/tmp}/conformance-soak.XXXXXX")
    mkdir -p "$dir/vectors"
    awk -v steps="$steps" 'BEGIN {
        print "scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note"
        print "long,topology,cpus=64,,,,,"
        print "long,class,id=0 type=cache level=3,,,,,"
        print "long,component,class=0 id=0 cpus=0-31,,,,,"
        print "long,component,class=0 id=1 cpus=32-63,,,,,"
        print "long,map,res=L3 class=0 alloc_capable=1,,,,,"
        print "long,setup,,0,,,,"
        for (n = 5; n < steps; n += 128) { print "long,online,cpus=0-63,0,,,,"; print "long,offline,cpus=63-0,0,,,," }
    }' > "$dir/vectors/soak.csv"
    log "soak: $(grep -c . "$dir/vectors/soak.csv") rows in $dir/vectors/soak.csv"
    local rc=0
    (cd "$dir" && /usr/bin/time -f '%M %e' -o "$dir/time.txt" \
        dotnet "$CONFORMANCE_DLL" run --patch "$MPAM_PATCH" --vectors vectors/soak.csv --reports "$dir/reports" --run-id soak) || rc=$?
    # time(1) says "Command exited with non-zero status N" first when the run fails: the figures are the last line
    read -r kb seconds < <(tail -n 1 "$dir/time.txt")
    if [ -f "$dir/reports/soak/summary.json" ]; then
        echo "soak: exit $rc, $(grep -o '"steps": [0-9]*' "$dir/reports/soak/summary.json" | head -n 1), peak RSS $((kb / 1024)) MiB, ${seconds} s"
        ls -l "$dir/reports/soak"
    else
        echo "soak: exit $rc before the run wrote its reports (interrupted, or see above), peak RSS $((kb / 1024)) MiB, ${seconds} s"
    fi
    rm -rf "$dir"
    return $rc
}

# afl-fuzz runs a copy of the fuzz target whose conformance.dll SharpFuzz instrumented; the
# findings stay in build/fuzz/TARGET/findings for a catalogue case to be made of each.
fuzz() {
    local target="${1:-}" seconds="${2:-60}" dir bin
    case "$target" in patch|fix|vectors) ;; *) log "usage: ./build.sh fuzz patch|fix|vectors [SECONDS]"; exit 2 ;; esac
    command -v afl-fuzz >/dev/null || ensure_packages afl++
    dir="$BUILD/fuzz/$target"; bin="$dir/bin"
    rm -rf "$bin" "$dir/seeds"; mkdir -p "$bin"
    dotnet build harness/Conformance.Fuzz/Conformance.Fuzz.csproj -c "$CONFIG" -nologo -v quiet -clp:ErrorsOnly >&2
    cp -r "$BUILD/dotnet/bin/Conformance.Fuzz/$CONFIG/net10.0/." "$bin/"
    # Seeds first: an instrumented assembly only runs under afl-fuzz.
    dotnet "$bin/conformance-fuzz.dll" --seeds "$target" "$dir/seeds"
    dotnet tool restore >/dev/null
    dotnet tool run sharpfuzz "$bin/conformance.dll" >&2
    local findings="$dir/findings-$(date +%Y%m%d-%H%M%S)"
    AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
        timeout --kill-after=30 $((seconds + 60)) \
        afl-fuzz -V "$seconds" -i "$dir/seeds" -o "$findings" -t 5000 -m none -- dotnet "$bin/conformance-fuzz.dll" "$target" >"$findings.log" 2>&1 || true
    local crashes
    crashes=$(find "$findings" -path '*/crashes/id:*' -type f 2>/dev/null | wc -l)
    local execs
    execs=$(grep -h '^execs_done' "$findings"/*/fuzzer_stats 2>/dev/null | awk '{s += $3} END {print s + 0}')
    echo "fuzz $target: $execs inputs in ${seconds} s, $crashes crashing input(s); findings in $findings (log $findings.log)"
    [ "$execs" -gt 0 ] || { log "afl-fuzz ran no input: see $findings.log"; exit 1; }
    [ "$crashes" = 0 ]
}

verb="${1:-build}"
[ $# -gt 0 ] && shift
case "$verb" in
    -h|--help|help) usage ;;
    build) build_all ;;
    test) require_shared; ensure_test_packages; build_all; build_default_patch; run_tests ;;
    bench) build_all; conformance bench "$@" ;;
    soak) build_all; soak "$@" ;;
    fuzz) build_all; fuzz "$@" ;;
    stress) [ -e /usr/lib/x86_64-linux-gnu/liburcu-memb.so ] || ensure_packages liburcu-dev; build_all; conformance stress "$@" ;;
    *) build_all; conformance "$verb" "$@" ;;
esac
