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

# The ranking on the samples, checked by a person against
# samples/README.md (expected order, voices, checklist), as golden CSV.
R="$M report --db $TMP/db --config $S/mlgauge.conf --now 2024-04-01"
expect_status 0 $R --format csv --out "$TMP/rep"
for f in proposals threads people; do
    diff -u "$G/samples-$f.csv" "$TMP/rep/$f.csv" || fail "$f.csv differs"
done

# Deterministic: the same database, config and --now give the same bytes.
expect_status 0 $R --out "$TMP/rep2"
for f in proposals threads people; do
    cmp -s "$TMP/rep/$f.csv" "$TMP/rep2/$f.csv" || fail "$f.csv not deterministic"
done

# Nor does the order the archives were indexed in matter (the store hands
# messages over in that order): newest first gives the same ranking and
# people. A cross-post keeps the copy indexed first (issue 16: the copy
# of whichever list's name sorted first used to win, which let one list
# rewrite another's messages), so the cross-posted thread's subject
# carries the tag of the list indexed first: that alone differs.
expect_status 0 "$M" index --quiet --db "$TMP/db-reversed" \
    "$S/secdispatch/2024-02.mbox" "$S/dispatch/2024-03.mbox" \
    "$S/dispatch/2024-02.mbox" "$S/dispatch/2024-01.mbox"
expect_status 0 $R --db "$TMP/db-reversed" --out "$TMP/rep3"
for f in proposals people; do
    cmp -s "$TMP/rep/$f.csv" "$TMP/rep3/$f.csv" \
        || fail "$f.csv depends on the order of indexing"
done
sed 's/^\("CALyJ2XQ[^"]*","[^"]*","\)\[Secdispatch\] /\1[Dispatch] /' \
    "$TMP/rep3/threads.csv" | cmp -s - "$TMP/rep/threads.csv" \
    || fail "threads.csv depends on the order of indexing: $(diff "$TMP/rep/threads.csv" "$TMP/rep3/threads.csv")"

# The HTML report too (no wall-clock time in the pages): same files, same
# bytes. (tests/cli/test-browser.sh checks the pages in a browser.)
expect_status 0 $R --format html --out "$TMP/html1"
expect_status 0 $R --format html --out "$TMP/html2"
[ "$(ls "$TMP/html1" | wc -l)" -eq 7 ] \
    || fail "HTML report: expected 7 pages, got $(ls "$TMP/html1")"
diff -r "$TMP/html1" "$TMP/html2" >/dev/null || fail "HTML not deterministic"
# A site is a directory: `--out -` is a usage error.
expect_status 2 $R --format html --out -
expect_grep "$TMP/err" "--format html writes a directory"

# `--out -` writes proposals.csv to stdout, for pipes.
expect_status 0 $R --out -
cmp -s "$TMP/out" "$G/samples-proposals.csv" || fail "--out - differs"

# Incremental: indexing the samples again reads nothing and changes nothing.
expect_status 0 "$M" index --db "$TMP/db" "$S"
expect_grep "$TMP/err" "0 messages read from 4 sources \(4 unchanged\)"

finish
