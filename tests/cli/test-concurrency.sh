#!/usr/bin/env bash
# Concurrent use: while one `index` writes, a second `index` on the same
# database fails at once with the locked-database message and exit 1, and
# `stats`, `show` and `report` keep working on the last commit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gen-archive.sh"
M=$MLGAUGE
A=$TMP/archive
DB=$TMP/db
gen_archive "$A" 8 1000

# A first commit to read from while the big run writes.
expect_status 0 "$M" index --quiet --db "$DB" "$A/2024-01.mbox"
expect_status 0 "$M" stats --db "$DB"
expect_line "$TMP/out" "messages: 1000"

"$M" index --quiet --db "$DB" "$A" >"$TMP/writer-out" 2>"$TMP/writer-err" &
writer=$!
# Whatever happens below, the writer does not outlive the test.
trap 'kill -CONT "$writer" 2>/dev/null; kill "$writer" 2>/dev/null; rm -rf "$TMP"' EXIT

# The writer takes the lock as it opens the database: wait for that
# before probing, or the probe (an index too) could take the lock first
# and make the writer the one that is refused. Xapian's lock is an fcntl
# lock on flintlock, which /proc/locks lists by inode.
lock_held() {
    local inode
    inode=$(stat -c %i "$DB/flintlock" 2>/dev/null) || return 1
    grep -Eq "[0-9a-f]+:[0-9a-f]+:$inode " /proc/locks
}
if [ -r /proc/locks ]; then
    for _ in $(seq 200); do
        lock_held && break
        kill -0 "$writer" 2>/dev/null || break
        sleep 0.05
    done
fi
# Then it is stopped while the others try, so that the checks below
# happen while it holds the lock however fast it would index (7,000
# messages take about a second on an idle machine): stopped, it is a
# writer in the middle of its run, holding its lock, as a slow one is.
kill -STOP "$writer" 2>/dev/null
locked=0
for _ in $(seq 100); do
    start=$(date +%s%N)
    "$M" index --quiet --db "$DB" "$A/2024-02.mbox" >"$TMP/out" 2>"$TMP/err"
    status=$?
    took=$((($(date +%s%N) - start) / 1000000))
    if [ "$status" -ne 0 ]; then
        locked=1
        break
    fi
    sleep 0.05
done
[ "$locked" -eq 1 ] || fail "a second index never saw the database locked"
[ "$status" -eq 1 ] || fail "locked: exit $status, expected 1"
expect_line "$TMP/err" "mlgauge: database '$DB' is locked by another mlgauge index; try again when it finishes"
[ "$took" -lt 5000 ] || fail "the locked index took ${took} ms to give up"

# Readers see the last commit while the writer runs.
expect_status 0 "$M" stats --db "$DB"
expect_grep "$TMP/out" "^messages: [0-9]+$"
n=$(sed -n 's/^messages: //p' "$TMP/out")
[ "${n:-0}" -ge 1000 ] && [ "${n:-0}" -le 8000 ] \
    || fail "stats during indexing: ${n:-none} messages"
expect_status 0 "$M" show --db "$DB" --message t0.0@gen.example
expect_line "$TMP/out" "subject: [Dispatch] New work: draft-gen-topic0-00"
expect_status 0 "$M" report --db "$DB" --now 2025-01-01 --format csv \
    --out "$TMP/report"
[ "$(wc -l <"$TMP/report/proposals.csv")" -gt 10 ] \
    || fail "report during indexing has too few rows"
kill -0 "$writer" 2>/dev/null \
    || fail "the writer finished before the readers were checked"
kill -CONT "$writer" 2>/dev/null

wait "$writer" || fail "the writer failed: $(cat "$TMP/writer-err")"
expect_status 0 "$M" stats --db "$DB"
expect_line "$TMP/out" "messages: 8000"
# The lock is gone with the writer.
expect_status 0 "$M" index --quiet --db "$DB" "$A"

finish
