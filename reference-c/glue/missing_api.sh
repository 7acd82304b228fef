#!/bin/sh
# missing_api.sh LOG PROBE SRC -- COMPILE...
# After a failed compile of the glue (which includes the patch), list every kernel header,
# symbol, struct member and type the stand-ins lack, each once, grouped by kind, with the
# first line of the revision that uses it:
#     reference-c: missing header: linux/math.h (mpam_resctrl.c:13)
# A compiler stops at the first missing header, so this recompiles with an empty stand-in
# for each header found missing (in PROBE, searched last) until no new one appears; the
# last compile, with every error shown, gives the symbols, members and types.
# Only errors in the revision's own files (under SRC) count: what the glue lacks because
# the revision does not include it is the revision's missing header, not a list of its own.
# Anything it cannot classify is shown as the compiler's first errors.
log=$1 probe=$2 src=$3
shift 4
rm -rf "$probe"; mkdir -p "$probe"
cp "$log" "$log.all"
pass=0
while [ $pass -lt 64 ]; do
    new=$(sed -nE "s/.*fatal error: ([^:]+): No such file or directory.*/\1/p" "$log" | sort -u)
    [ -n "$new" ] || break
    added=0
    for h in $new; do
        if [ ! -e "$probe/$h" ]; then
            mkdir -p "$probe/$(dirname "$h")"
            : > "$probe/$h"
            echo "$h" >> "$probe/.headers"
            added=1
        fi
    done
    [ $added = 1 ] || break
    "$@" -idirafter "$probe" -fmax-errors=0 > /dev/null 2> "$log.pass" || true
    # Keep each pass's header findings (with the line that included them), then go on.
    cat "$log.pass" >> "$log.all"
    cp "$log.pass" "$log"
    pass=$((pass + 1))
done
grep -F "$src/" "$log.all" > "$log.revision" || true

# The first place in the revision's (or any) file that an error names: file:line.
where() { grep -m1 -E "$1" "$log.revision" | sed -nE 's|^([^:]*/)?([^/:]+):([0-9]+):[0-9]+:.*|\2:\3|p'; }
emit() { kind=$1 name=$2 pattern=$3
    at=$(where "$pattern")
    echo "reference-c: missing $kind: $name${at:+ ($at)}"; }
{
    # Headers: each one the probe had to create, with the #include that asked for it.
    if [ -f "$probe/.headers" ]; then
        for h in $(sort -u "$probe/.headers"); do
            at=$(grep -h -E "fatal error: $h: No such file" "$log.revision" | sed -nE 's|^([^:]*/)?([^/:]+):([0-9]+):[0-9]+: fatal error.*|\2:\3|p' | head -n 1)
            echo "reference-c: missing header: $h${at:+ ($at)}"
        done
    fi
    # A name the compiler met where a declaration had to start is a type or a macro the
    # stand-ins lack (DECLARE_BITMAP(...) as a struct member, say): a symbol.
    for s in $(sed -nE "s/.*implicit declaration of function ['‘]([A-Za-z_0-9]+)['’].*/\1/p; s/.*['‘]([A-Za-z_0-9]+)['’] undeclared.*/\1/p;
                        s/.*expected (specifier-qualifier-list|declaration specifiers or ['‘]...['’]) before ['‘]([A-Za-z_0-9]+)['’].*/\2/p" "$log.revision" | sort -u); do
        emit symbol "$s" "(function ['‘]$s['’]|['‘]$s['’] undeclared|before ['‘]$s['’])"
    done
    for t in $(sed -nE "s/.*unknown type name ['‘]([A-Za-z_0-9]+)['’].*/\1/p" "$log.revision" | sort -u); do
        emit type "$t" "unknown type name ['‘]$t['’]"
    done
    # "field 'x' has incomplete type" names the field; the quoted source line under it names the type.
    { sed -nE "s/.*(incomplete|undefined) type ['‘](struct|union|enum) ([A-Za-z_0-9]+)['’].*/\2 \3/p" "$log.revision"
      awk '/field .* has incomplete type/ { getline code; if (match(code, /(struct|union|enum) [A-Za-z_0-9]+/)) print substr(code, RSTART, RLENGTH) }' "$log.all"
    } | sort -u | while read -r tag t; do
        at=$(grep -m1 -E "(type ['‘]$tag $t['’]|has incomplete type)" "$log.revision" | sed -nE 's|^([^:]*/)?([^/:]+):([0-9]+):[0-9]+:.*|\2:\3|p')
        echo "reference-c: missing type: $tag $t${at:+ ($at)}"
    done
    sed -nE "s/.*['‘](struct|union) ([A-Za-z_0-9]+)['’] has no member named ['‘]([A-Za-z_0-9]+)['’].*/\1 \2 \3/p" "$log.revision" | sort -u | while read -r tag t m; do
        emit member "$tag $t.$m" "['‘]$tag $t['’] has no member named ['‘]$m['’]"
    done
    sed -nE "s/.*undefined reference to [\`'‘]([A-Za-z_0-9]+)['’].*/\1/p" "$log.all" | sort -u | while read -r s; do
        echo "reference-c: missing symbol: $s (link)"
    done
    # Whatever error of the revision's files none of the above explains is listed as it is,
    # so the list is complete even where the compiler's words are not one of the patterns.
    grep -E ": error: " "$log.revision" | grep -vE "fatal error|implicit declaration|undeclared|unknown type name|incomplete type|undefined type|has no member named|expected (specifier-qualifier-list|declaration specifiers)" |
        sed -nE 's|^([^:]*/)?([^/:]+):([0-9]+):[0-9]+: error: (.*)|reference-c: unclassified error: \2:\3: \4|p' | sort -u -t: -k3 | head -n 20
} > "$log.missing"
if [ -s "$log.missing" ]; then
    # Grouped by kind: headers, symbols, types, members, then anything unclassified.
    for kind in "missing header" "missing symbol" "missing type" "missing member" "unclassified error"; do
        grep "^reference-c: $kind:" "$log.missing"; done >&2
else
    grep -E 'error' "$log.all" | head -n 10 >&2
fi
echo "reference-c: the patch does not build against the stand-ins (full log: $log.all)" >&2
