#!/usr/bin/env bash
# The README demo on samples/: index, then stats, compared with golden
# output checked by a person (tests/data/cli/samples-stats.expected).
. "$(dirname "$0")/lib.sh"
M=$MLGAUGE
S=$SRCDIR/samples
G=$SRCDIR/tests/data/cli

expect_status 0 "$M" index --quiet --db "$TMP/db" "$S"
[ -s "$TMP/err" ] && fail "index --quiet printed: $(cat "$TMP/err")"
expect_status 0 "$M" stats --db "$TMP/db"
grep -v '^database:' "$TMP/out" >"$TMP/stats"
diff -u "$G/samples-stats.expected" "$TMP/stats" || fail "stats differ"

finish
