#!/bin/sh
# missing_api.sh LOG - after a failed compile of the glue (which includes the patch), list
# the kernel headers and symbols the stand-ins lack, one per line, instead of a wall of
# compiler output:   reference-c: missing header: linux/foo.h
#                    reference-c: missing symbol: bar
# Anything else is shown as the compiler's first few errors.
log=$1
{
    sed -nE "s/.*fatal error: ([^:]+): No such file or directory.*/reference-c: missing header: \1/p" "$log"
    sed -nE "s/.*implicit declaration of function ['‘]([A-Za-z_0-9]+)['’].*/reference-c: missing symbol: \1/p" "$log"
    sed -nE "s/.*['‘]([A-Za-z_0-9]+)['’] undeclared.*/reference-c: missing symbol: \1/p" "$log"
    sed -nE "s/.*unknown type name ['‘]([A-Za-z_0-9]+)['’].*/reference-c: missing symbol: \1/p" "$log"
    sed -nE "s/.*has no member named ['‘]([A-Za-z_0-9]+)['’].*/reference-c: missing struct member: \1/p" "$log"
    sed -nE "s/.*undefined reference to [\`']([A-Za-z_0-9]+)'.*/reference-c: missing symbol: \1/p" "$log"
} | sort -u > "$log.missing"
if [ -s "$log.missing" ]; then
    cat "$log.missing" >&2
else
    grep -E 'error' "$log" | head -n 10 >&2
fi
echo "reference-c: the patch does not build against the stand-ins (full log: $log)" >&2
