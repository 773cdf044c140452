#!/usr/bin/env bash
# The report directory (`report --out DIR`): every file is written under a
# name nobody else can plant (a symlink at the old fixed `NAME.tmp` is not
# followed), two reports writing the same directory at once both finish
# with whole files and the directory holds one run, and a failure part-way
# leaves the previous report as it was.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gen-archive.sh"
M=$MLGAUGE
S=$SRCDIR/samples
G=$SRCDIR/tests/data/cli
MNT=$TMP/mnt
mounted=0
trap '[ "$mounted" -eq 0 ] || umount "$MNT"; rm -rf "$TMP"' EXIT

expect_status 0 "$M" index --quiet --db "$TMP/db" "$S"
R="$M report --db $TMP/db --config $S/mlgauge.conf --now 2024-04-01"

# A symlink planted where the writer used to put its temporary file (and
# at a final name) points at a victim: the victim stays as it was, and
# the report is made of regular files with the right content.
mkdir "$TMP/planted"
echo "precious" >"$TMP/victim"
for f in proposals.csv threads.csv people.csv report.json; do
    ln -s "$TMP/victim" "$TMP/planted/$f.tmp"
done
ln -s "$TMP/victim" "$TMP/planted/people.csv"
expect_status 0 $R --format csv --out "$TMP/planted"
expect_status 0 $R --format json --out "$TMP/planted"
[ "$(cat "$TMP/victim")" = "precious" ] \
    || fail "the victim behind a planted symlink was overwritten"
for f in proposals.csv threads.csv people.csv; do
    [ -f "$TMP/planted/$f" ] && [ ! -L "$TMP/planted/$f" ] \
        || fail "$f is not a regular file"
    cmp -s "$TMP/planted/$f" "$G/samples-$f" || fail "$f differs from golden"
done
# Nothing of the writer's own is left behind: only what was planted.
left=$(cd "$TMP/planted" && ls -A | grep -vxE \
    '(proposals|threads|people)\.csv(\.tmp)?|report\.json(\.tmp)?' || true)
[ -z "$left" ] || fail "left in the report directory: $left"

# Two reports into one directory at the same time, several times over, on
# a database large enough that writing takes a while: both exit 0 and the
# files are whole (they parse and hold every row).
gen_archive "$TMP/archive" 4 1000
expect_status 0 "$M" index --quiet --db "$TMP/big" "$TMP/archive"
B="$M report --db $TMP/big --now 2025-01-01 --all"
expect_status 0 $B --format csv --out "$TMP/ref"
for round in $(seq 20); do
    $B --format csv --out "$TMP/race" >"$TMP/race1.out" 2>"$TMP/race1.err" &
    one=$!
    $B --format csv --out "$TMP/race" >"$TMP/race2.out" 2>"$TMP/race2.err" &
    two=$!
    wait "$one" || fail "round $round: first report failed: $(cat "$TMP/race1.err")"
    wait "$two" || fail "round $round: second report failed: $(cat "$TMP/race2.err")"
    for f in proposals.csv threads.csv people.csv; do
        cmp -s "$TMP/race/$f" "$TMP/ref/$f" || fail "round $round: $f is not whole"
    done
done

# check_site WHEN: the site in $TMP/site is one run whole: its pages are
# exactly those index.html links to.
check_site() {
    local linked present
    linked=$(grep -o 'href="p-[^"#]*' "$TMP/site/index.html" | cut -c7- | sort -u)
    present=$(cd "$TMP/site" && ls -A | grep -vxE 'index.html|people.html' | sort)
    [ -n "$linked" ] && [ "$linked" = "$present" ] \
        || fail "$1: $(echo "$present" | wc -l) files, $(echo "$linked" | wc -l) linked"
}

# A narrower rerun (fewer proposals in the window) removes the pages of
# the proposals it no longer reports.
expect_status 0 $B --format html --out "$TMP/site"
n_all=$(ls "$TMP/site" | wc -l)
expect_status 0 $B --since 2024-03-01 --format html --out "$TMP/site"
[ "$(grep -o 'href="p-[^"#]*' "$TMP/site/index.html" | sort -u | wc -l)" \
    -lt "$((n_all - 2))" ] || fail "the rerun is not narrower"
check_site "after a narrower rerun"

# Two HTML reports of different windows into one directory at once: the
# directory ends up holding one of them whole.
for round in $(seq 5); do
    $B --format html --out "$TMP/site" >"$TMP/race1.out" 2>"$TMP/race1.err" &
    one=$!
    $B --since 2024-03-01 --format html --out "$TMP/site" \
        >"$TMP/race2.out" 2>"$TMP/race2.err" &
    two=$!
    wait "$one" || fail "round $round: first site failed: $(cat "$TMP/race1.err")"
    wait "$two" || fail "round $round: second site failed: $(cat "$TMP/race2.err")"
    check_site "round $round"
done

# A failure part-way (a full disk) leaves the previous report exactly as
# it was: no page of the new run, none of the old one missing. As root on
# a small tmpfs only.
if [ "$(id -u)" -eq 0 ] && mkdir -p "$MNT" \
    && mount -t tmpfs -o size=2m mlgauge-test "$MNT" 2>/dev/null; then
    mounted=1
    expect_status 0 $R --format html --out "$MNT/site"
    (cd "$MNT/site" && sha256sum $(ls -A)) >"$TMP/before"
    [ "$(wc -l <"$TMP/before")" -ge 7 ] || fail "too few pages: $(cat "$TMP/before")"
    # Leave room for a few pages of the next run (another --now, so every
    # page differs, and --all, so it has more pages), not for all of them.
    avail=$(df --output=avail -B1 "$MNT" | tail -1)
    fallocate -l $((avail - 100000)) "$MNT/filler" 2>/dev/null \
        || head -c $((avail - 100000)) /dev/zero >"$MNT/filler"
    expect_status 1 "$M" report --db "$TMP/db" --config "$S/mlgauge.conf" \
        --now 2024-05-01 --all --format html --out "$MNT/site"
    expect_grep "$TMP/err" "^mlgauge: cannot write '$MNT/site/[^']+': No space left on device"
    (cd "$MNT/site" && sha256sum $(ls -A)) >"$TMP/after"
    diff "$TMP/before" "$TMP/after" >"$TMP/diff" \
        || fail "a failed report changed the previous one: $(head -20 "$TMP/diff")"
    rm -f "$MNT/filler"
else
    echo "not root or no tmpfs: the full-disk case is not checked"
fi

finish
